import HTTPServer
import Host
import JSON

extension ManagementEndpoints {
    /// `GET /api/v1/cluster/status` (permission `admin`, or any cluster token): every member in the
    /// members table with the result of a Bolt probe, as
    /// `{"cluster", "node_id", "members": [{"node_id", "address", "version", "state", ...}]}`.
    /// `state` is `live`, `down` (heartbeat older than the member timeout) or `left` (clean
    /// shutdown). Outside cluster mode the list contains only this node, with a null node id.
    func clusterStatus(_ request: RequestContext) async throws -> HTTPResponse {
        let session = try await authenticate(request)
        let identity = session.identity
        if !Self.isClusterToken(identity) {
            try await requireCurrentCredentials(session)
            try session.authorize(.admin, for: "\(request.method) \(request.request.path)")
        }
        guard let source = context.configuration.clusterStatus else {
            return .notFound("This server reports no cluster status.")
        }
        let statuses = await source.status()
        let members: [JSONValue] = statuses.map { status in
            let member = status.member
            var state = member.isLive ? "live" : "down"
            if member.hasLeft { state = "left" }
            return [
                "node_id": member.nodeID.isEmpty ? .null : .string(member.nodeID),
                "address": .string(member.address),
                "version": .string(member.version),
                "state": .string(state),
                "started_at": member.startedAt > 0 ? .string(Timestamp.rfc3339(member.startedAt)) : .null,
                "heartbeat_age_ms": .integer(member.heartbeatAgeMilliseconds),
                "reachable": .bool(status.isReachable),
                "latency_ms": status.latencyMilliseconds.map { .number($0) } ?? .null,
                "error": status.error.map { .string($0) } ?? .null,
            ]
        }
        let nodeID: JSONValue = source.nodeID.map { .string($0) } ?? .null
        return .json(200, ["cluster": .bool(source.nodeID != nil), "node_id": nodeID, "members": .array(members)])
    }

    /// True for an identity from a cluster token. The subject prefix alone is not enough,
    /// because a directory login such as LDAP's, which normalizes `cluster：x` to `cluster:x`,
    /// can carry it too. Only the JWT provider's tokens that name no local account are cluster tokens.
    static func isClusterToken(_ identity: Identity) -> Bool {
        identity.provider == "jwt" && identity.accountName == nil && identity.principal.hasPrefix("cluster:")
    }
}
