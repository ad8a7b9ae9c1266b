/// One change to a stored account, as an ``AccountRepository`` applies it.
public enum AccountChange: Sendable, Equatable {
    /// Inserts or replaces the account with the same name, roles included.
    case save(Account)
    /// Deletes the named account; deleting a missing account does nothing.
    case delete(name: String)
}

/// A working copy of the account table that one batch of changes edits before it is stored.
///
/// ``AccountManager/change(preservingActiveAdmin:_:)`` hands out a draft of the current
/// accounts while it holds the change lock, and ``AccountManager/draft()`` a detached one for
/// checking a batch without storing it.
public struct AccountDraft: Sendable {
    /// The time of the batch, in seconds since the epoch, for `createdAt` and
    /// `credentialsChangedAt`.
    public let now: Int64
    private let original: [String: Account]
    private var current: [String: Account]
    /// The names the batch saved or deleted, in the order first touched.
    private var touched: [String] = []

    init(accounts: [String: Account], now: Int64) {
        self.original = accounts
        self.current = accounts
        self.now = now
    }

    public func account(named name: String) -> Account? { current[name] }

    /// Inserts or replaces the account with the same name.
    public mutating func save(_ account: Account) {
        touch(account.name)
        current[account.name] = account
    }

    /// Removes an account; returns false if it did not exist.
    @discardableResult
    public mutating func delete(named name: String) -> Bool {
        guard current[name] != nil else { return false }
        touch(name)
        current[name] = nil
        return true
    }

    /// The accounts of the draft, by name.
    var accounts: [String: Account] { current }

    /// The final state of every account the batch changed, in the order first touched; an
    /// account edited back to its original state is left out.
    public var changes: [AccountChange] {
        touched.compactMap { name in
            guard current[name] != original[name] else { return nil }
            if let account = current[name] { return .save(account) }
            return .delete(name: name)
        }
    }

    /// Throws `InvalidArguments` if the accounts had an active (not suspended) account with the
    /// `admin` role before the batch and the batch leaves none.
    ///
    /// Tables that had no active admin to begin with, such as one being set up offline, pass.
    public func requireActiveAdmin() throws(ServerError) {
        guard Self.containsActiveAdmin(original), !Self.containsActiveAdmin(current) else { return }
        throw ServerError(
            .invalidArguments,
            "The change would leave no active user with the admin role; at least one active admin must remain. "
                + "Grant the admin role to another active user first."
        )
    }

    static func containsActiveAdmin(_ accounts: [String: Account]) -> Bool {
        accounts.values.contains { !$0.suspended && $0.roles.contains(Role.admin.name) }
    }

    private mutating func touch(_ name: String) {
        if !touched.contains(name) { touched.append(name) }
    }
}
