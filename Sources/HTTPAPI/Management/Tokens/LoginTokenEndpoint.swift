import HTTPServer
import Host
import JSON

extension ManagementEndpoints {
    /// `POST /api/v1/auth/token`: exchanges a user name and password for a login token.
    ///
    /// The credentials come from the body, `{"username", "password", "grant_type"?}` where
    /// `grant_type` must be `password` when present, or from an `Authorization: Basic` header,
    /// never both. They go through the ``Authenticator``, so its providers decide and their
    /// failures keep their statuses (401, 429, 502, 504). Only a password login mints a token,
    /// so a stolen token cannot extend itself, and only for a local account (a user or a
    /// service account), whose current state the token's provider rechecks on every use.
    ///
    /// Returns 200 `{"access_token", "token_type": "Bearer", "expires_in"}`, with `expires_in` in
    /// seconds. An account that must change its password gets 403 `CredentialsExpired`.
    func issueLoginToken(_ request: RequestContext) async throws -> HTTPResponse {
        let (principal, password) = try loginCredentials(request)
        let identity: Identity
        do {
            identity = try await context.authentication.authenticator.authenticate(
                .basic(principal: principal, password: password.reveal()),
                origin: request.request.origin,
                logger: context.authLogger
            )
        } catch {
            throw ServerError.wrapping(error)
        }

        guard identity.provider != Identity.authenticationDisabled.provider else {
            throw ServerError(.forbidden, "Authentication is disabled, so the server issues no login tokens.")
        }
        guard let accountName = identity.accountName else {
            throw ServerError(
                .forbidden,
                "Login tokens are issued only for local accounts; '\(identity.principal)' was authenticated by "
                    + "the '\(identity.provider)' provider."
            )
        }
        if identity.credentialsExpired { throw ManagementError.credentialsExpired }
        // The account can be dropped between the password check and here.
        guard let account = context.queries.accounts.account(named: accountName) else {
            throw ServerError.invalidCredentials
        }

        let issued = context.tokens.issueLoginToken(for: account)
        context.authLogger.info(
            "login token issued",
            metadata: ["auth.principal": account.name, "auth.token_id": issued.tokenID]
        )
        record(
            SecurityEvent(
                .tokenIssued,
                ["kind": "login", "principal": .string(account.name), "token_id": .string(issued.tokenID)]
            ),
            of: request
        )
        let lifetime = issued.expiresAt.map { $0 - issued.issuedAt } ?? context.tokens.loginTokenLifetime
        let body: JSONValue = [
            "access_token": .string(issued.token.reveal()),
            "token_type": "Bearer",
            "expires_in": .integer(lifetime),
        ]
        // RFC 6749 section 5.1 requires both headers on a token response.
        return .json(200, body, headers: [("Pragma", "no-cache")])
    }

    /// Reads the user name and password of a token request from the body or a Basic header.
    private func loginCredentials(_ request: RequestContext) throws(ServerError) -> (String, Secret) {
        let headers = request.request.headers(named: "authorization")
        guard headers.count <= 1 else { throw AuthorizationHeader.invalidHeader }
        let body = try request.request.jsonObject()
        try BodyField.refuseUnknown(body, allowed: ["username", "password", "grant_type"])
        if let grantType = try BodyField.string(body, "grant_type"), grantType != "password" {
            throw .invalidRequest("The field 'grant_type' must be 'password', the only grant type supported.")
        }
        if body["username"] != nil || body["password"] != nil {
            guard headers.isEmpty else {
                throw .invalidRequest(
                    "Send the credentials either in the body or in the Authorization header, not both."
                )
            }
            let username = try BodyField.requiredString(body, "username")
            let password = try BodyField.requiredString(body, "password")
            return (username, Secret(password))
        }
        guard let header = headers.first else {
            throw ServerError(
                .unauthorized,
                "No credentials supplied: send {\"username\", \"password\"} or an Authorization: Basic header."
            )
        }
        let token = try AuthorizationHeader.token(from: header)
        // A Basic header with an empty user name carries a JWT, which cannot mint a new token.
        guard case .string("basic") = token.scheme, case .string(let username) = token.principal, !username.isEmpty,
            let password = token.credentials
        else {
            throw .invalidRequest(
                "A login token is issued only for a user name and password; a bearer token cannot mint another."
            )
        }
        return (username, password)
    }
}
