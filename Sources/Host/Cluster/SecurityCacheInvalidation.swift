/// Drops what this server holds in memory for a security change another server announced.
///
/// Every method blocks on the account store; call them on a thread of their own, as the
/// PostgreSQL listener does.
public struct SecurityCacheInvalidation: Sendable {
    private let accounts: AccountManager
    private let revocations: RevocationList
    private let authenticator: Authenticator

    public init(accounts: AccountManager, revocations: RevocationList, authenticator: Authenticator) {
        self.accounts = accounts
        self.revocations = revocations
        self.authenticator = authenticator
    }

    /// Re-reads what `change` names. A changed account's state reaches open connections at
    /// their next request, which re-reads the account table.
    public func apply(_ change: SecurityChange) throws {
        switch change {
        case .account(let name) where name == SecurityChange.everyID:
            try accounts.reloadAllAccounts()
        case .account(let name):
            try accounts.reloadAccount(named: name)
        case .revocation(let tokenID) where tokenID == SecurityChange.everyID:
            try revocations.reloadAllRevocations()
        case .revocation(let tokenID):
            try revocations.reloadRevocation(tokenID: tokenID)
        case .authCacheCleared:
            authenticator.clearCaches()
        }
    }

    /// Re-reads everything and empties the providers' login caches, after changes may have
    /// been missed.
    public func reloadAll() throws {
        try accounts.reloadAllAccounts()
        try revocations.reloadAllRevocations()
        authenticator.clearCaches()
    }
}
