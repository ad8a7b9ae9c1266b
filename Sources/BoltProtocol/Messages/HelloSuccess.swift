public import GraphValue

/// The SUCCESS metadata for HELLO, and the wire format the HELLO settles.
///
/// The metadata holds `server`, `connection_id` and `hints`. For Bolt 4.4, a client that asks
/// for `patch_bolt: ["utc"]` gets it echoed, and the returned ``format`` switches DateTime to
/// the UTC structures; the connection must use that format from the HELLO SUCCESS on.
public struct HelloSuccess: Sendable, Hashable {
    /// The agent Neo4j 5.26 sends. Driver 5.28 rejects any agent not starting with `Neo4j/`.
    public static let defaultServerAgent = "Neo4j/5.26.0"

    public var metadata: [String: Value]
    public var format: BoltWireFormat

    /// - Parameters:
    ///   - version: the negotiated version.
    ///   - helloExtra: the dictionary of the client's HELLO.
    ///   - connectionID: an id for logs, for example `bolt-17`.
    ///   - serverAgent: the agent; it must start with `Neo4j/`.
    ///   - receiveTimeoutSeconds: sent as the `connection.recv_timeout_seconds` hint when
    ///     given; the driver uses a positive value as its socket read timeout.
    /// - Precondition: `serverAgent` starts with `Neo4j/`.
    public init(
        version: BoltVersion,
        helloExtra: [String: Value],
        connectionID: String,
        serverAgent: String = HelloSuccess.defaultServerAgent,
        receiveTimeoutSeconds: Int64? = nil
    ) {
        precondition(serverAgent.hasPrefix("Neo4j/"), "the Bolt server agent must start with Neo4j/")
        var hints: [String: Value] = [:]
        if let receiveTimeoutSeconds {
            hints["connection.recv_timeout_seconds"] = .integer(receiveTimeoutSeconds)
        }
        if version.supportsTelemetry {
            hints["telemetry.enabled"] = true
        }
        var metadata: [String: Value] = [
            "server": .string(serverAgent),
            "connection_id": .string(connectionID),
            "hints": .map(hints),
        ]
        let utcPatch = version == .v4_4 && Self.requestsUTCPatch(helloExtra)
        if utcPatch {
            metadata["patch_bolt"] = ["utc"]
        }
        self.metadata = metadata
        self.format = BoltWireFormat(version: version, utcPatch: utcPatch)
    }

    public var response: BoltResponse { .success(metadata) }

    private static func requestsUTCPatch(_ extra: [String: Value]) -> Bool {
        guard case .list(let patches)? = extra["patch_bolt"] else { return false }
        return patches.contains(.string("utc"))
    }
}
