import Host
import JSON

/// Service accounts of a running server, through `/api/v1/service-accounts`.
struct OnlineServiceAccounts: ServiceAccountStore {
    static let collectionPath = "/api/v1/service-accounts"

    let client: ManagementClient

    func create(id: String, role: String, secret: Secret) async throws -> ServiceAccountSummary {
        let body: JSONValue = ["id": .string(id), "secret": .string(secret.reveal()), "role": .string(role)]
        let response = try await client.send("POST", Self.collectionPath, body: body)
        return try Self.summary(response, request: "POST \(Self.collectionPath)")
    }

    func list() async throws -> [ServiceAccountSummary] {
        let response = try await client.send("GET", Self.collectionPath)
        let request = "GET \(Self.collectionPath)"
        let entries: [JSONValue]
        switch response {
        case .array(let elements)?:
            entries = elements
        case .object(let members)?:
            // An object that wraps the list in one member, such as {"service_accounts": [...]}.
            let lists = members.values.compactMap { value -> [JSONValue]? in
                if case .array(let elements) = value { return elements }
                return nil
            }
            guard lists.count == 1 else { throw Self.unexpected(request) }
            entries = lists[0]
        default:
            throw Self.unexpected(request)
        }
        return try entries.map { try Self.summary($0, request: request) }.sorted { $0.id < $1.id }
    }

    func rotateSecret(id: String) async throws -> Secret {
        let path = Self.accountPath(id) + "/rotate-secret"
        let response = try await client.send("POST", path)
        guard let secret = response?["secret"]?.stringValue, !secret.isEmpty else {
            throw CommandFailure(
                "POST \(path) returned no secret; the secret may have changed, so rotate it again to get one."
            )
        }
        return Secret(secret)
    }

    func delete(id: String) async throws {
        _ = try await client.send("DELETE", Self.accountPath(id))
    }

    static func accountPath(_ id: String) -> String {
        collectionPath + "/" + ServerAddress.pathSegment(id)
    }

    /// Reads `{"id", "role" or "roles", "suspended"?, "created_at"?}`; `created_at` may be
    /// RFC 3339 text or seconds since the epoch.
    static func summary(_ value: JSONValue?, request: String) throws(CommandFailure) -> ServiceAccountSummary {
        guard let value, let id = value["id"]?.stringValue else { throw unexpected(request) }
        var roles: [String] = []
        if let role = value["role"]?.stringValue {
            roles = [role]
        } else if case .array(let elements)? = value["roles"] {
            roles = elements.compactMap(\.stringValue)
        }
        var suspended = false
        if case .bool(let flag)? = value["suspended"] { suspended = flag }
        let createdAt: String? =
            switch value["created_at"] {
            case .string(let text)?: text
            case .integer(let seconds)?: Timestamp.rfc3339(seconds)
            default: nil
            }
        return ServiceAccountSummary(
            id: ResponseFailure.printable(id),
            roles: roles.map(ResponseFailure.printable),
            suspended: suspended,
            createdAt: createdAt.map(ResponseFailure.printable)
        )
    }

    private static func unexpected(_ request: String) -> CommandFailure {
        CommandFailure(
            "\(request) returned a body of an unexpected form; check that --server names a nornicdb HTTP API."
        )
    }
}
