/// One member of a cluster as the shared members table lists it.
public struct ClusterMember: Sendable, Equatable {
    public var nodeID: String
    /// The `host:port` of the member's Bolt listener as clients reach it.
    public var address: String
    /// The server version the member registered with.
    public var version: String
    /// The time the member registered, in Unix seconds.
    public var startedAt: Int64
    /// The time since the member's last heartbeat, in milliseconds: its age by PostgreSQL's clock
    /// at this node's last read of the table, so the members' clocks need not agree, plus the
    /// time since that read.
    public var heartbeatAgeMilliseconds: Int64
    /// True when the member marked itself gone on a clean shutdown.
    public var hasLeft: Bool
    /// True when the member has not left and its heartbeat is newer than the member timeout.
    public var isLive: Bool

    public init(
        nodeID: String,
        address: String,
        version: String,
        startedAt: Int64,
        heartbeatAgeMilliseconds: Int64,
        hasLeft: Bool,
        isLive: Bool
    ) {
        self.nodeID = nodeID
        self.address = address
        self.version = version
        self.startedAt = startedAt
        self.heartbeatAgeMilliseconds = heartbeatAgeMilliseconds
        self.hasLeft = hasLeft
        self.isLive = isLive
    }
}

/// This node's view of the cluster, which the Bolt routing tables and the status endpoint read.
public protocol ClusterView: Sendable {
    /// This node's id (`NORNICDB_CLUSTER_NODE_ID`).
    var nodeID: String { get }
    /// This node's Bolt address as clients reach it.
    var advertisedAddress: String { get }
    /// Returns the members as of the last heartbeat, sorted by node id, without blocking.
    func members() -> [ClusterMember]
}

extension ClusterView {
    /// Returns the Bolt addresses of the live members, this node's first and the others shuffled,
    /// so drivers that favour the first entries still spread their load.
    public func liveAddresses() -> [String] {
        let others = members().filter { $0.isLive && $0.nodeID != nodeID }.map(\.address)
        return [advertisedAddress] + others.shuffled()
    }
}
