public import Host
import JSON

/// Verifies bearer tokens: compact JWS with HMAC, then the claims, following RFC 8725.
///
/// ```swift
/// let verifier = JWTVerifier(keys: try JWTKeySet(current: secret), policy: .init(issuer: "nornicdb"))
/// let claims = try verifier.verify(token, now: UnixTime.now())
/// ```
public struct JWTVerifier: Sendable {
    /// The rules a token's claims must satisfy beyond the signature.
    public struct Policy: Sendable, Equatable {
        /// When set, `iss` must equal it; when nil, `iss` is not checked.
        public var issuer: String?
        /// When set, `aud` must contain it. When nil, a token that has an `aud` is rejected,
        /// because RFC 7519 section 4.1.3 rejects a token whose audience does not name us.
        public var audience: String?
        /// Seconds of clock skew allowed on `exp`, `nbf` and `iat`. The default is 0: the server
        /// issues its own tokens on its own clock, and `Authenticator.revalidate` compares
        /// ``JWTProvider``'s `expiresAt` (which includes the leeway) without further slack.
        public var leeway: Int64
        /// When true (the default), a token without `exp` is rejected, so every token expires.
        public var requireExpiration: Bool
        /// The maximum token length in bytes, checked before any decoding.
        public var maximumTokenLength: Int

        public static let defaultMaximumTokenLength = 16 * 1024
        /// The maximum leeway in seconds; larger values are lowered to it.
        public static let maximumLeeway: Int64 = 24 * 3600

        public init(
            issuer: String? = nil,
            audience: String? = nil,
            leeway: Int64 = 0,
            requireExpiration: Bool = true,
            maximumTokenLength: Int = defaultMaximumTokenLength
        ) {
            self.issuer = issuer
            self.audience = audience
            // A negative or huge leeway would disable the time checks or overflow them.
            self.leeway = min(max(leeway, 0), Self.maximumLeeway)
            self.requireExpiration = requireExpiration
            self.maximumTokenLength = max(maximumTokenLength, 1)
        }
    }

    public let keys: JWTKeySet
    public let policy: Policy

    public init(keys: JWTKeySet, policy: Policy = Policy()) {
        self.keys = keys
        self.policy = policy
    }

    /// Verifies `token` at time `now` (seconds since the epoch) and returns its claims.
    ///
    /// - Throws: `ServerError` with `TokenExpired` when the token is valid but expired, and
    ///   `Unauthorized` for every other failure. Messages name the rule that failed and never
    ///   contain the token.
    public func verify(_ token: String, now: Int64) throws(ServerError) -> JWTClaims {
        do {
            return try claims(of: token, now: now)
        } catch {
            throw error.serverError
        }
    }

    /// Verifies a token held as a ``Secret``, as a ``Credential/bearer(token:)`` carries it.
    public func verify(_ token: Secret, now: Int64) throws(ServerError) -> JWTClaims {
        try verify(token.reveal(), now: now)
    }

    /// Verifies the signature and the form of the claims of `token`, but none of its times,
    /// issuer or audience, and returns its claims. Revocation uses this, so that an expired
    /// token can still be described and revoked.
    ///
    /// - Throws: `Unauthorized` when the token is malformed, forged or has malformed claims.
    public func verifySignature(_ token: Secret) throws(ServerError) -> JWTClaims {
        do {
            return try JWTClaims(json: signedMembers(of: token.reveal()))
        } catch {
            throw error.serverError
        }
    }

    func claims(of token: String, now: Int64) throws(JWTRejection) -> JWTClaims {
        let members = try signedMembers(of: token)
        // Times come first, so an expired token reports `TokenExpired` whatever else is wrong
        // with its claims, and a client that refreshes tokens on that error gets a fresh one.
        try checkTimes(JWTClaims.times(json: members), now: now)
        let claims = try JWTClaims(json: members)
        try checkAudience(claims)
        return claims
    }

    /// Checks the length and the signature of `token` and parses its claims set.
    private func signedMembers(of token: String) throws(JWTRejection) -> [String: JSONValue] {
        guard token.utf8.count <= policy.maximumTokenLength else {
            throw .tooLong(limit: policy.maximumTokenLength)
        }
        let jws = try JWSCompact.verify(token, keys: keys)
        do {
            return try StrictJSONParser.parseObject(jws.payload)
        } catch {
            throw .malformed("the payload is not a JSON claims set (\(error))")
        }
    }

    private func checkAudience(_ claims: JWTClaims) throws(JWTRejection) {
        if let issuer = policy.issuer, claims.issuer != issuer {
            throw .invalidClaims("the 'iss' claim does not name the expected issuer")
        }
        if let audience = policy.audience {
            guard claims.audience.contains(audience) else {
                throw .invalidClaims("the 'aud' claim does not name this server")
            }
        } else if !claims.audience.isEmpty {
            throw .invalidClaims("the token has an 'aud' claim, but no audience is configured")
        }
    }

    private func checkTimes(_ claims: JWTClaims.Times, now unclamped: Int64) throws(JWTRejection) {
        // Claims lie in 0...maximumNumericDate and the leeway is at most a day. Clamping `now` to
        // that range widened by a day keeps every sum below from overflowing, and every
        // comparison has the same result as with the caller's value.
        let margin = Policy.maximumLeeway + 1
        let now = min(max(unclamped, -margin), JWTClaims.maximumNumericDate + margin)
        if let expiresAt = claims.expiresAt {
            if now >= expiresAt + policy.leeway { throw .expired }
        } else if policy.requireExpiration {
            throw .invalidClaims("the token has no 'exp' claim")
        }
        if let notBefore = claims.notBefore, now + policy.leeway < notBefore { throw .notYetValid }
        if let issuedAt = claims.issuedAt, issuedAt > now + policy.leeway { throw .notYetValid }
    }
}
