public import HTTPServer
public import Host

/// Authenticates an HTTP request through the same ``Authenticator`` Bolt uses.
public struct RequestAuthenticator: Sendable {
    public let authenticator: Authenticator

    public init(authenticator: Authenticator) {
        self.authenticator = authenticator
    }

    public static let missingHeader = ServerError(.unauthorized, "No authentication header supplied.")

    /// Returns the identity of the request's credentials.
    ///
    /// Without an `Authorization` header the request fails with 401, unless authentication is off
    /// (`NORNICDB_AUTH=none`) and every request acts as admin. The Bolt settings that allow
    /// anonymous logins do not apply to HTTP: anonymous callers would share one transaction owner
    /// and one principal, and a browser sends a header-less request to any site a page names.
    /// Several `Authorization` headers are rejected, so no proxy and server can disagree on
    /// which one counts.
    ///
    /// - Throws: `ServerError`; ``HTTPStatus/of(_:)`` gives its HTTP status (400, 401, 429, 502, 504).
    public func identity(of request: HTTPRequest, logger: Logger) async throws(ServerError) -> Identity {
        let values = request.headers(named: "authorization")
        let token: AuthToken
        do throws(ServerError) {
            guard values.count <= 1 else { throw AuthorizationHeader.invalidHeader }
            token = try values.first.map(AuthorizationHeader.token(from:)) ?? .empty
        } catch {
            authenticator.recordUndecodable(error, origin: request.origin)
            throw error
        }
        if values.isEmpty {
            guard !authenticator.policy.authenticationEnabled else { throw Self.missingHeader }
        }
        do {
            return try await authenticator.authenticate(token, origin: request.origin, logger: logger)
        } catch {
            throw ServerError.wrapping(error)
        }
    }
}

extension HTTPRequest {
    /// The client of this request, for the failed-login limits and the security log.
    var origin: LoginOrigin { LoginOrigin(channel: "http", peer: remoteAddress, connectionID: requestID) }
}
