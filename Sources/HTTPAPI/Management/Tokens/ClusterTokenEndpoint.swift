import HTTPServer
import Host
import JSON

extension ManagementEndpoints {
    /// `POST /api/v1/auth/cluster-token` (permission `admin`): signs a token a cluster node
    /// presents as `bearer`, or as `basic` with an empty user name.
    ///
    /// Takes `{"node_id", "role", "expires_in"?}`, where `expires_in` is a duration such as
    /// `"168h"` or a number of seconds, and absent or null for a token that never expires.
    /// Returns 200 `{"token", "jti", "node_id", "role", "expires_at"}` with `expires_at` in
    /// RFC 3339 UTC or null. An unknown role, an invalid node id or lifetime, or an unknown
    /// field gives 400.
    func issueClusterToken(_ request: RequestContext) async throws -> HTTPResponse {
        let session = try await authenticateAdmin(request)
        let body = try request.request.jsonObject()
        try BodyField.refuseUnknown(body, allowed: ["node_id", "role", "expires_in"])
        let nodeID = try BodyField.requiredString(body, "node_id")
        let role = try BodyField.requiredString(body, "role")
        try Self.requireRoles([role], field: "role")
        let lifetime = try Self.lifetime(body["expires_in"], field: "expires_in")
        let issued = try context.tokens.issueClusterToken(nodeID: nodeID, role: role, lifetime: lifetime)
        context.authLogger.info(
            "cluster token issued",
            metadata: [
                "auth.principal": session.identity.principal, "cluster.node_id": nodeID, "auth.role": role,
                "auth.token_id": issued.tokenID,
            ]
        )
        var event = SecurityEvent(
            .tokenIssued,
            [
                "kind": "cluster", "actor": .string(session.identity.principal), "node_id": .string(nodeID),
                "roles": .strings([role]), "token_id": .string(issued.tokenID),
            ]
        )
        if let expiresAt = issued.expiresAt { event.fields["expires_at"] = .integer(expiresAt) }
        record(event, of: request)
        let response: JSONValue = [
            "token": .string(issued.token.reveal()),
            "jti": .string(issued.tokenID),
            "node_id": .string(nodeID),
            "role": .string(role),
            "expires_at": issued.expiresAt.map { .string(Timestamp.rfc3339($0)) } ?? .null,
        ]
        return .json(200, response)
    }

    /// Parses a token lifetime in seconds from a duration string or a whole number, and returns
    /// nil when the member is absent or null.
    ///
    /// - Throws: `InvalidFormat` (400) naming `field` for any other type, a malformed duration, a
    ///   fraction or a lifetime that is not positive.
    static func lifetime(_ value: JSONValue?, field: String) throws(ServerError) -> Int64? {
        let seconds: Int64
        switch value {
        case nil, .null?:
            return nil
        case .integer(let number)?:
            seconds = number
        case .number(let number)?:
            // 9.2e18 is just below Int64.max, so the conversion below cannot trap.
            guard number.isFinite, number.rounded() == number, abs(number) < 9.2e18 else {
                throw .invalidRequest("The field '\(field)' must be a whole number of seconds.")
            }
            seconds = Int64(number)
        case .string(let text)?:
            guard let parsed = DurationSyntax.seconds(text) else {
                throw .invalidRequest(
                    "The field '\(field)' must be a duration such as '168h', '30m', '7d' or '1h30m', "
                        + "or a whole number of seconds."
                )
            }
            seconds = parsed
        case let other?:
            throw .invalidRequest(
                "The field '\(field)' must be a duration string or a number of seconds, not \(other.typeName)."
            )
        }
        guard seconds > 0 else {
            throw .invalidRequest(
                "The field '\(field)' must be positive; omit it or send null for a token that never expires."
            )
        }
        return seconds
    }
}
