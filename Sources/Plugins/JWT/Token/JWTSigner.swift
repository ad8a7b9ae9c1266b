public import Host

/// Mints compact JWS tokens with the current secret of a ``JWTKeySet``.
///
/// The header is `{"alg":"HS256","typ":"JWT"}` with the key set's signing algorithm, and the
/// claims use integer NumericDates, so PyJWT and other standard libraries accept the tokens.
public struct JWTSigner: Sendable {
    public let keys: JWTKeySet

    public init(keys: JWTKeySet) { self.keys = keys }

    /// Signs `claims` as they are; the caller chooses `iat`, `exp` and `jti`.
    public func sign(_ claims: JWTClaims) -> String {
        let algorithm = keys.signingAlgorithm
        let header = "{\"alg\":\"\(algorithm.name)\",\"typ\":\"JWT\"}"
        let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.jsonText.utf8))
        let signature = algorithm.mac(key: keys.signingKey, message: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Signs a login token for a local account.
    ///
    /// `sub` is the account name and `roles` its current roles. `iat` is `now`, `exp` is
    /// `now + lifetime` and `jti` is a fresh random id. `local_account` is true, so the token
    /// stops working when the account is dropped, and `issuer_node` is `node`, so only the
    /// ``JWTProvider`` of that node accepts it.
    ///
    /// - Precondition: `lifetime` is positive.
    public func signToken(
        for account: Account,
        now: Int64,
        lifetime: Int64,
        issuer: String? = nil,
        audience: [String] = [],
        node: JWTNodeIdentity = .process
    ) -> String {
        sign(
            Self.loginClaims(
                for: account,
                now: now,
                lifetime: lifetime,
                issuer: issuer,
                audience: audience,
                node: node
            )
        )
    }

    /// Builds the claims of a login token, as ``signToken(for:now:lifetime:issuer:audience:node:)``
    /// signs them.
    ///
    /// - Precondition: `lifetime` is positive.
    public static func loginClaims(
        for account: Account,
        now: Int64,
        lifetime: Int64,
        issuer: String? = nil,
        audience: [String] = [],
        node: JWTNodeIdentity = .process
    ) -> JWTClaims {
        precondition(lifetime > 0, "a token lifetime must be positive")
        return JWTClaims(
            subject: account.name,
            roles: account.roles,
            issuedAt: now,
            expiresAt: now + lifetime,
            tokenID: newTokenID(),
            issuer: issuer,
            audience: audience,
            localAccount: true,
            issuerNode: node.value
        )
    }

    /// Returns a fresh `jti`: 16 random bytes in unpadded base64url (22 characters).
    public static func newTokenID() -> String { Crypto.randomToken(byteCount: 16) }
}
