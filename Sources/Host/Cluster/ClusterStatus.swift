/// The state of one member as the cluster status endpoint reports it.
public struct ClusterMemberStatus: Sendable, Equatable {
    public var member: ClusterMember
    /// True when this node completed a Bolt handshake and bearer-token login with the member.
    public var isReachable: Bool
    /// The time the probe took, in milliseconds; nil when the member was not probed.
    public var latencyMilliseconds: Double?
    /// The reason the probe failed or did not run; nil after a successful probe or for a member
    /// that left.
    public var error: String?

    public init(member: ClusterMember, isReachable: Bool, latencyMilliseconds: Double?, error: String?) {
        self.member = member
        self.isReachable = isReachable
        self.latencyMilliseconds = latencyMilliseconds
        self.error = error
    }
}

/// The source of `GET /api/v1/cluster/status`.
public protocol ClusterStatusSource: Sendable {
    /// This node's id, or nil outside cluster mode.
    var nodeID: String? { get }
    /// Returns every member with the result of a Bolt probe of each live one, running the probes
    /// off the cooperative pool.
    func status() async -> [ClusterMemberStatus]
}
