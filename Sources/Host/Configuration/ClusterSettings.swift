/// Membership of a cluster: several servers sharing one PostgreSQL database.
///
/// Cluster mode is on when ``nodeID`` is set, which requires PostgreSQL storage. Each member then
/// registers in the shared database, updates its heartbeat every ``heartbeatIntervalSeconds``, and
/// lists the members whose heartbeat is newer than ``memberTimeoutSeconds`` in its Bolt routing
/// tables.
public struct ClusterSettings: Sendable, Equatable {
    /// This member's name, unique among the members alive at once; nil turns cluster mode off.
    public var nodeID: String?
    /// The `host:port` at which clients reach this member's Bolt listener; nil uses the Bolt
    /// listener's own address and port.
    public var advertisedAddress: String?
    public var heartbeatIntervalSeconds: Int64 = 1
    /// The age of the last heartbeat after which a member counts as down.
    public var memberTimeoutSeconds: Int64 = 5

    public init() {}

    public var isEnabled: Bool { nodeID != nil }
}
