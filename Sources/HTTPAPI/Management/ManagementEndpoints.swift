import HTTPServer
import Host
import JSON

/// The management API under `/api/v1`: login and cluster tokens, revocation, service accounts,
/// users, roles and the cluster status.
///
/// Every endpoint but `POST /auth/token` authenticates the `Authorization` header through the
/// same ``Authenticator`` as Bolt. Account changes run as ``AdministrationCommand``s through
/// ``QuerySession/administer(_:)``, so the rules of the Cypher user commands apply unchanged.
/// Checks run in this order: route (404), method (405), authentication (401), permission (403),
/// then the body (400) and the resource (404, 409), so a caller without the permission learns
/// nothing about the body's validity or which accounts exist. Every response carries
/// `Cache-Control: no-store`, since several carry tokens or secrets and the rest describe accounts.
struct ManagementEndpoints: Sendable {
    let context: APIContext

    init(context: APIContext) { self.context = context }

    /// Handles a request whose path starts with `/api/v1`; never throws.
    func handle(_ request: RequestContext) async -> HTTPResponse {
        var response: HTTPResponse
        do {
            response = try await route(request, path: Array(request.segments.dropFirst(2)))
        } catch {
            response = failure(error, request: request)
        }
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    private func route(_ request: RequestContext, path: [String]) async throws -> HTTPResponse {
        switch path.count {
        case 2 where path[0] == "auth":
            switch path[1] {
            case "token": return try await only("POST", request) { try await issueLoginToken(request) }
            case "cluster-token": return try await only("POST", request) { try await issueClusterToken(request) }
            case "revoke": return try await only("POST", request) { try await revokeToken(request) }
            default: break
            }
        case 1 where path[0] == "service-accounts":
            return try await serviceAccounts(request)
        case 2 where path[0] == "service-accounts":
            return try await serviceAccount(request, id: path[1])
        case 3 where path[0] == "service-accounts" && path[2] == "rotate-secret":
            return try await only("POST", request) { try await rotateSecret(request, id: path[1]) }
        case 1 where path[0] == "users":
            return try await users(request)
        case 2 where path[0] == "users":
            return try await user(request, name: path[1])
        case 1 where path[0] == "roles":
            return try await only("GET", request) { try await listRoles(request) }
        case 2 where path[0] == "cluster" && path[1] == "status":
            return try await only("GET", request) { try await clusterStatus(request) }
        default:
            break
        }
        return .notFound("No management endpoint matches \(request.method) \(request.request.path).")
    }

    /// Runs `body` when the request uses `method`, and returns 405 otherwise.
    func only(
        _ method: String,
        _ request: RequestContext,
        _ body: () async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        guard request.method == method else { return .methodNotAllowed([method]) }
        return try await body()
    }

    // MARK: Callers

    /// Authenticates the request's `Authorization` header and opens a session for its identity.
    ///
    /// - Throws: `ServerError` with 400, 401, 429, 502 or 504 from ``RequestAuthenticator``.
    func authenticate(_ request: RequestContext) async throws(ServerError) -> QuerySession {
        let identity = try await context.authentication.identity(of: request.request, logger: context.authLogger)
        return context.queries.makeSession(identity: identity, origin: request.request.origin, logger: request.logger)
    }

    /// Authenticates the request and requires the `admin` permission, with the checks
    /// ``QuerySession/administer(_:)`` makes: revalidation, then the credentials-expired rule.
    func authenticateAdmin(_ request: RequestContext) async throws -> QuerySession {
        let session = try await authenticate(request)
        try await requireCurrentCredentials(session)
        try session.authorize(.admin, for: "\(request.method) \(request.request.path)")
        return session
    }

    /// Revalidates the session's identity and rejects it while its password must be changed.
    func requireCurrentCredentials(_ session: QuerySession) async throws {
        try await session.revalidate()
        if session.identity.credentialsExpired { throw ManagementError.credentialsExpired }
    }

    // MARK: Responses

    /// The error response for `error`: its own status for a ``ManagementError``, the status
    /// ``HTTPStatus/of(_:)`` gives for a `ServerError`, and 500 for anything else, which is
    /// logged here because the client sees no detail of it.
    private func failure(_ error: any Error, request: RequestContext) -> HTTPResponse {
        if let error = error as? ManagementError {
            return .failure(error.error, status: error.status, includeResults: false)
        }
        let failure = ServerError.wrapping(error)
        if failure.status == .unknownError {
            request.logger.error(
                "management request failed",
                metadata: ["http.method": request.method, "http.path": request.request.path, "error": "\(error)"]
            )
        }
        return .failure(failure, includeResults: false)
    }
}
