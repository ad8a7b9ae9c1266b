import Host
import JWTAuth

/// The cluster status endpoint's data: the members as this node last read them, each probed over Bolt with a
/// short-lived cluster token minted by this node.
struct ClusterStatusService: ClusterStatusSource {
    /// The cluster, or nil outside cluster mode, where ``standalone`` is the only member.
    let cluster: (any ClusterView)?
    let standalone: ClusterMember
    let tokens: JWTTokenService
    /// Runs the blocking probes, so a slow member never holds a cooperative thread.
    let pool: BlockingPool
    let logger: Logger

    static let probeTimeoutSeconds = 2.0
    /// The lifetime of the token each status request mints for its probes, in seconds.
    static let probeTokenLifetime: Int64 = 60

    var nodeID: String? { cluster?.nodeID }

    // NOTE: every request probes every member, so each call costs one Bolt login and one
    // security-log entry per member; nothing caches or rate-limits the probes.
    func status() async -> [ClusterMemberStatus] {
        let members = cluster?.members() ?? [standalone]
        let token: String
        do {
            let issued = try tokens.issueClusterToken(
                nodeID: nodeID ?? "standalone",
                role: Role.viewer.name,
                lifetime: Self.probeTokenLifetime
            )
            token = issued.token.reveal()
        } catch {
            logger.error("Cannot mint the cluster token for member probes", metadata: ["error": "\(error)"])
            return members.map {
                ClusterMemberStatus(member: $0, isReachable: false, latencyMilliseconds: nil, error: "\(error)")
            }
        }
        return await withTaskGroup(of: (Int, ClusterMemberStatus).self) { group in
            for (index, member) in members.enumerated() {
                group.addTask { (index, await probe(member, token: token)) }
            }
            var statuses = [ClusterMemberStatus?](repeating: nil, count: members.count)
            for await (index, status) in group { statuses[index] = status }
            return statuses.compactMap(\.self)
        }
    }

    /// Probes `member` if it is live. A member that is down is not sent the token, because its
    /// address, kept in the table for a day, may belong to another host by now.
    private func probe(_ member: ClusterMember, token: String) async -> ClusterMemberStatus {
        guard !member.hasLeft else {
            return ClusterMemberStatus(member: member, isReachable: false, latencyMilliseconds: nil, error: nil)
        }
        guard member.isLive else {
            return ClusterMemberStatus(
                member: member,
                isReachable: false,
                latencyMilliseconds: nil,
                error: "not probed, because its last heartbeat is older than the member timeout"
            )
        }
        let address = member.address
        let timeout = Self.probeTimeoutSeconds
        let result: Result<Double, BoltProbe.Failure> = await pool.run {
            do {
                return .success(try BoltProbe.probe(address: address, token: token, timeoutSeconds: timeout))
            } catch let failure as BoltProbe.Failure {
                return .failure(failure)
            } catch {
                return .failure(BoltProbe.Failure("\(error)"))
            }
        }
        switch result {
        case .success(let milliseconds):
            return ClusterMemberStatus(member: member, isReachable: true, latencyMilliseconds: milliseconds, error: nil)
        case .failure(let failure):
            logger.debug(
                "Cluster member probe failed",
                metadata: ["cluster.node_id": member.nodeID, "cluster.address": address, "error": failure.description]
            )
            return ClusterMemberStatus(
                member: member,
                isReachable: false,
                latencyMilliseconds: nil,
                error: failure.description
            )
        }
    }
}
