import HTTPServer
import Host
import JSON

extension ManagementEndpoints {
    /// `GET /api/v1/roles` (permission `admin`, as for SHOW ROLES): the built-in roles, the only
    /// ones that exist, as `[{"role", "permissions": [...]}]`.
    func listRoles(_ request: RequestContext) async throws -> HTTPResponse {
        _ = try await authenticateAdmin(request)
        let roles: [JSONValue] = Role.builtIn.map { role in
            [
                "role": .string(role.name),
                "permissions": .array(role.permissions.permissions.map { .string($0.rawValue) }),
            ]
        }
        return .json(200, .array(roles))
    }
}
