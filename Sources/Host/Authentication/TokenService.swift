/// A bearer token the server has just signed, with the facts a client response reports.
public struct IssuedToken: Sendable {
    /// The compact JWS; show it to the client once, never log it.
    public let token: Secret
    /// The token's `jti`.
    public let tokenID: String
    /// The token's `sub`.
    public let subject: String
    /// `iat`, in seconds since the epoch.
    public let issuedAt: Int64
    /// `exp`, in seconds since the epoch; nil for a token that never expires.
    public let expiresAt: Int64?

    public init(token: Secret, tokenID: String, subject: String, issuedAt: Int64, expiresAt: Int64?) {
        self.token = token
        self.tokenID = tokenID
        self.subject = subject
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}

/// The facts of a token whose signature the server has verified, used for revocation.
public struct TokenDescription: Sendable, Equatable {
    /// `jti`; nil for a token minted elsewhere without one.
    public let tokenID: String?
    public let subject: String
    public let expiresAt: Int64?

    public init(tokenID: String?, subject: String, expiresAt: Int64?) {
        self.tokenID = tokenID
        self.subject = subject
        self.expiresAt = expiresAt
    }
}

/// Issues, inspects and revokes the server's bearer tokens.
///
/// The HTTP API reaches tokens only through this protocol; the JWT plugin implements it, so
/// the host does not depend on how tokens are signed.
public protocol TokenService: Sendable {
    /// The lifetime of login tokens in seconds, from `NORNICDB_AUTH_TOKEN_EXPIRY`.
    var loginTokenLifetime: Int64 { get }

    /// Signs a login token for a local account (a user or a service account): `sub` is its
    /// name, `exp` is now plus ``loginTokenLifetime``, and `jti`, `iss` and `iat` are set.
    func issueLoginToken(for account: Account) -> IssuedToken

    /// Signs a cluster token for node `nodeID` acting with `role`.
    ///
    /// - Parameter lifetime: seconds until the token expires; nil for a token that never does.
    /// - Throws: `InvalidArguments` when the role does not exist or the node id is invalid.
    func issueClusterToken(nodeID: String, role: String, lifetime: Int64?) throws(ServerError) -> IssuedToken

    /// Verifies a token's signature and returns its id, subject and expiry. An expired token is
    /// still described, so it can be revoked; a forged one throws `Unauthorized`.
    func describe(_ token: Secret) throws(ServerError) -> TokenDescription

    /// Records that the token with `tokenID` is revoked, durably, before returning. Identities
    /// that came from it fail their next revalidation.
    ///
    /// - Parameter expiresAt: the token's expiry, after which the record may be discarded; nil
    ///   when it is unknown.
    func revoke(tokenID: String, expiresAt: Int64?) async throws

    /// True when the token with `tokenID` has been revoked.
    func isRevoked(tokenID: String) -> Bool
}
