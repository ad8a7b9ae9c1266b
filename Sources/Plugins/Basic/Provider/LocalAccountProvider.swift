public import Host

/// The `local` identity provider: user name and password against the local accounts.
///
/// An unknown user returns nil, so the next provider in the chain (for example LDAP) may try,
/// and the `Authenticator` answers `Unauthorized` when none does. A wrong password for a known
/// user and a suspended account both throw ``ServerError/invalidCredentials``, so a client
/// cannot tell suspension from a typo. Every attempt costs one password hash, known user or not,
/// except a repeat of a password that matched within the login cache's time to live.
public struct LocalAccountProvider: IdentityProvider {
    public let name = "local"
    private let accounts: AccountManager

    public init(accounts: AccountManager) {
        self.accounts = accounts
    }

    public func authenticate(_ credential: Credential) async throws -> Identity? {
        guard case .password(let principal, let password) = credential else { return nil }
        guard let account = try await accounts.verifyPassword(password, for: principal) else {
            // `verifyPassword` returns nil for an unknown user and for a wrong password alike.
            // NOTE: an account created or dropped during the hash can be classified either way.
            if accounts.account(named: principal) == nil { return nil }
            throw ServerError.invalidCredentials
        }
        // Checked after the hash, so a suspended account takes as long as any other.
        if account.suspended { throw ServerError.invalidCredentials }
        return Identity(
            principal: account.name,
            roles: account.roles,
            provider: name,
            credentialsExpired: account.changeRequired,
            accountName: account.name
        )
    }

    public func clearCache() { accounts.clearVerifiedLogins() }

    /// Re-reads the account: its current roles and change-required flag apply.
    ///
    /// A dropped or suspended account throws `AuthorizationExpired`, which ends the connection's
    /// authorization; the Python driver then logs in again, and that login fails with
    /// `Unauthorized`. A password change does not end the session, as in Neo4j, where open
    /// connections keep working and only new logins need the new password.
    public func revalidate(_ identity: Identity) async throws -> Identity {
        guard identity.provider == name else { return identity }
        return try accounts.refresh(identity, accountName: identity.accountName ?? identity.principal)
    }
}
