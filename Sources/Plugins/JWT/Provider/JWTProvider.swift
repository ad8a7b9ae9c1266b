public import Host

/// The `jwt` identity provider: verifies bearer tokens and resolves their subject.
///
/// A token marked `local_account` is accepted only when its `issuer_node` claim names this
/// server's ``JWTNodeIdentity``, because every server keeps its own accounts. So a login token
/// from another server that shares the JWT secret is rejected, even when an account of the same
/// name exists here. A `local_account` token whose account no longer exists is rejected too.
///
/// When `sub` names a local account, the account decides: its current roles replace the
/// token's, a suspended account is rejected, and a token issued before the account's
/// credentials last changed (or without `iat`) is rejected. This also holds for a token without
/// `local_account`, such as one minted by another tool with the shared secret, and no
/// `issuer_node` is required of it. Any other subject is an outside principal whose roles come
/// from the token; unknown role names grant nothing. A token whose `jti` is on the revocation
/// list is rejected at login and at every revalidation.
public struct JWTProvider: IdentityProvider {
    public let name = "jwt"
    public let verifier: JWTVerifier
    private let accounts: AccountManager?
    private let revocations: RevocationList?
    /// The `issuer_node` a `local_account` token must carry.
    public let node: JWTNodeIdentity
    private let clock: @Sendable () -> Int64

    /// - Parameters:
    ///   - accounts: the local accounts; nil when every subject is an outside principal.
    ///   - revocations: the revoked token ids; nil when no token is ever revoked.
    ///   - node: this server's identity, which must be the one its ``JWTTokenService`` issues
    ///     login tokens with. The default, ``JWTNodeIdentity/process``, only suits tests.
    ///   - clock: the time tokens are checked against, in seconds since the epoch.
    public init(
        verifier: JWTVerifier,
        accounts: AccountManager?,
        revocations: RevocationList? = nil,
        node: JWTNodeIdentity = .process,
        clock: @escaping @Sendable () -> Int64 = { UnixTime.now() }
    ) {
        self.verifier = verifier
        self.accounts = accounts
        self.revocations = revocations
        self.node = node
        self.clock = clock
    }

    /// Returns nil for credentials other than `.bearer`; throws `TokenExpired` or `Unauthorized`.
    public func authenticate(_ credential: Credential) async throws -> Identity? {
        guard case .bearer(let token) = credential else { return nil }
        do {
            let claims = try verifier.claims(of: token.reveal(), now: clock())
            try checkNotRevoked(claims.tokenID)
            return try identity(for: claims)
        } catch {
            throw error.serverError
        }
    }

    /// Checks the revocation list, then re-reads the local account behind an identity from this
    /// provider.
    ///
    /// Expiry is checked by `Authenticator.revalidate` before this runs. A revoked token throws
    /// `Unauthorized`, which closes a Bolt connection. An outside principal that was not revoked
    /// is returned unchanged. A dropped or suspended account throws `AuthorizationExpired`,
    /// which ends the connection's authorization; the Python driver then logs in again, and
    /// that login fails with `Unauthorized`. Otherwise the account's current roles apply.
    /// A later password change does not end the session, because in Neo4j open connections keep
    /// working. A new login with the old token is rejected.
    public func revalidate(_ identity: Identity) async throws -> Identity {
        guard identity.provider == name else { return identity }
        do {
            try checkNotRevoked(identity.tokenID)
        } catch {
            throw error.serverError
        }
        guard let accountName = identity.accountName, let accounts else { return identity }
        return try accounts.refresh(identity, accountName: accountName)
    }

    private func checkNotRevoked(_ tokenID: String?) throws(JWTRejection) {
        if let tokenID, let revocations, revocations.isRevoked(tokenID) { throw .revoked }
    }

    private func identity(for claims: JWTClaims) throws(JWTRejection) -> Identity {
        if claims.localAccount, claims.issuerNode != node.value {
            throw .issuedByAnotherNode(missing: claims.issuerNode == nil)
        }
        let expiresAt = claims.expiresAt.map { $0 + verifier.policy.leeway }
        guard let account = accounts?.account(named: claims.subject) else {
            if claims.localAccount { throw .accountRejected("the account it was issued for does not exist") }
            return Identity(
                principal: claims.subject,
                roles: claims.roles,
                provider: name,
                expiresAt: expiresAt,
                tokenID: claims.tokenID
            )
        }
        if account.suspended { throw .accountRejected("the account is suspended") }
        // Whole seconds, with `>=`, because a login right after a password change must work.
        // NOTE: so a token issued earlier in the same second as a password change, suspension or
        // re-creation is still accepted, since `credentialsChangedAt` has no finer unit.
        guard let issuedAt = claims.issuedAt, issuedAt >= account.credentialsChangedAt else {
            throw .accountRejected("it was issued before the account's credentials last changed")
        }
        return Identity(
            principal: account.name,
            roles: account.roles,
            provider: name,
            expiresAt: expiresAt,
            tokenID: claims.tokenID,
            credentialsExpired: account.changeRequired,
            accountName: account.name
        )
    }
}
