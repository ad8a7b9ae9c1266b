/// A Bolt protocol version, `major.minor`, as negotiated in the handshake.
///
/// The feature properties state which messages and structure fields each version defines, so
/// the codec and the state machine ask the version instead of comparing numbers.
public struct BoltVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: UInt8
    public var minor: UInt8

    public init(major: UInt8, minor: UInt8) {
        self.major = major
        self.minor = minor
    }

    public static func < (lhs: BoltVersion, rhs: BoltVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static let v4_4 = BoltVersion(major: 4, minor: 4)
    public static let v5_0 = BoltVersion(major: 5, minor: 0)
    public static let v5_1 = BoltVersion(major: 5, minor: 1)
    public static let v5_4 = BoltVersion(major: 5, minor: 4)
    public static let v5_7 = BoltVersion(major: 5, minor: 7)
    public static let v5_8 = BoltVersion(major: 5, minor: 8)

    /// The versions the server offers by default: 4.4 and 5.0 to 5.8, highest first.
    public static let serverDefaults: [BoltVersion] =
        (0...8).reversed().map { BoltVersion(major: 5, minor: UInt8($0)) } + [.v4_4]
}

extension BoltVersion {
    /// Whether Node, Relationship and UnboundRelationship carry element ids (Bolt 5.0+).
    public var hasElementIDs: Bool { self >= .v5_0 }

    /// Whether HELLO carries the auth keys (Bolt 5.0 and older). From 5.1 on, LOGON does.
    public var helloCarriesAuth: Bool { self < .v5_1 }

    /// Whether LOGON and LOGOFF exist (Bolt 5.1+).
    public var supportsLogon: Bool { self >= .v5_1 }

    /// Whether TELEMETRY exists and the HELLO hints announce it (Bolt 5.4+).
    public var supportsTelemetry: Bool { self >= .v5_4 }

    /// Whether FAILURE metadata uses the GQL shape with `neo4j_code` and `gql_status` (Bolt 5.7+).
    public var usesGQLErrors: Bool { self >= .v5_7 }

    /// Whether DateTime is always sent as UTC seconds (Bolt 5.0+). Bolt 4.4 needs the `utc` patch.
    public var alwaysUsesUTCDateTime: Bool { self >= .v5_0 }
}
