import HTTPServer
import Host
import JSON

extension ManagementEndpoints {
    /// `POST /api/v1/auth/revoke`: revokes a bearer token durably before it returns.
    ///
    /// Takes exactly one of `{"token": "<jwt>"}` and `{"jti": "<id>"}`. An identity with the
    /// `admin` permission may revoke any token. Any other identity may revoke the token it
    /// authenticated with (by value or `jti`), or a token whose `sub` is the local account it acts
    /// as. Anything else is 403. A token this server did not sign, or one without a `jti`, is 400,
    /// since the caller's own credentials were fine. Identities from a revoked token fail their next
    /// request, on HTTP and on open Bolt connections. Returns 200 `{"revoked": true, "jti"}`.
    ///
    /// Revoking one's own token is allowed while the password must be changed, since it only
    /// takes access away; revoking another principal's token is not.
    func revokeToken(_ request: RequestContext) async throws -> HTTPResponse {
        let session = try await authenticate(request)
        try await session.revalidate()
        let identity = session.identity
        let body = try request.request.jsonObject()
        try BodyField.refuseUnknown(body, allowed: ["token", "jti"])
        let token = try BodyField.string(body, "token")
        let jti = try BodyField.string(body, "jti")

        let tokenID: String
        let expiresAt: Int64?
        let ownToken: Bool
        switch (token, jti) {
        case (let token?, nil):
            let description = try describe(token)
            guard let id = description.tokenID, !id.isEmpty else {
                throw ServerError.invalidRequest(
                    "The token has no 'jti' claim, so it cannot be revoked; rotate the JWT secret to invalidate it."
                )
            }
            (tokenID, expiresAt) = (id, description.expiresAt)
            ownToken = Self.isOwnToken(subject: description.subject, tokenID: id, of: identity)
        case (nil, let jti?) where !jti.isEmpty:
            ownToken = jti == identity.tokenID
            // The expiry of a bare id is known only for the caller's own token; otherwise the
            // record is kept for good.
            (tokenID, expiresAt) = (jti, ownToken ? identity.expiresAt : nil)
        default:
            throw ServerError.invalidRequest("Send exactly one of the fields 'token' and 'jti', as a non-empty string.")
        }
        if !ownToken {
            if identity.credentialsExpired { throw ManagementError.credentialsExpired }
            do {
                try session.authorize(.admin, for: "revoke another principal's token")
            } catch {
                throw ServerError(
                    .forbidden,
                    "Permission denied: revoking a token of another principal requires the admin permission, which "
                        + "user '\(identity.principal)' does not have."
                )
            }
        }
        try await context.tokens.revoke(tokenID: tokenID, expiresAt: expiresAt)
        context.authLogger.info(
            "token revoked",
            metadata: ["auth.principal": identity.principal, "auth.token_id": tokenID]
        )
        record(
            SecurityEvent(
                .tokenRevoked,
                ["actor": .string(identity.principal), "token_id": .string(tokenID), "own_token": .boolean(ownToken)]
            ),
            of: request
        )
        return .json(200, ["revoked": true, "jti": .string(tokenID)])
    }

    /// True when a token with `subject` and `tokenID` belongs to `identity`: it is the token the
    /// identity authenticated with, or its subject is the local account the identity acts as.
    ///
    /// A bare principal never counts, because another provider (an outside directory, or a JWT
    /// minted elsewhere) may name a principal the same as a local account.
    static func isOwnToken(subject: String, tokenID: String, of identity: Identity) -> Bool {
        if let ownID = identity.tokenID, ownID == tokenID { return true }
        guard let accountName = identity.accountName else { return false }
        return subject == accountName
    }

    /// Verifies the signature of a token named in a request body.
    private func describe(_ token: String) throws(ServerError) -> TokenDescription {
        do {
            return try context.tokens.describe(Secret(token))
        } catch {
            throw .invalidRequest("The field 'token' is not a valid token signed by this server: \(error.message)")
        }
    }
}
