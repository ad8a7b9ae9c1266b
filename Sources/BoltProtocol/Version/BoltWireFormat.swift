/// The negotiated encoding of a connection: the Bolt version plus the patches agreed in HELLO.
///
/// The only patch that changes the bytes is `utc` for Bolt 4.4: with it, DateTime uses the
/// UTC structures `49`/`69`; without it, the legacy local-time structures `46`/`66`.
/// From Bolt 5.0 on, the UTC structures are the only ones.
public struct BoltWireFormat: Sendable, Hashable, CustomStringConvertible {
    public var version: BoltVersion
    /// Whether the client and server agreed on the `utc` patch. Ignored from Bolt 5.0 on.
    public var utcPatch: Bool

    public init(version: BoltVersion, utcPatch: Bool = false) {
        self.version = version
        self.utcPatch = utcPatch
    }

    /// The newest format the server speaks, handy for tests and for encoders that run before
    /// the handshake completes.
    public static let latest = BoltWireFormat(version: .v5_8)

    /// Whether DateTime values travel as UTC seconds (`49`/`69`) rather than local seconds (`46`/`66`).
    public var usesUTCDateTime: Bool { version.alwaysUsesUTCDateTime || utcPatch }

    public var description: String { utcPatch ? "\(version)+utc" : "\(version)" }
}
