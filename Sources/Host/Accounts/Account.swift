/// A local account: a person's user or a service account, with an Argon2id password hash.
public struct Account: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case user
        case service
    }

    public var name: String
    public var kind: Kind
    /// The password hash in PHC string format, for example `$argon2id$v=19$m=...`.
    public var passwordHash: String
    public var roles: [String]
    public var suspended: Bool
    /// True when the password must be changed before anything else is allowed.
    public var changeRequired: Bool
    public var createdAt: Int64
    /// When the password last changed, suspension or deletion aside; tokens issued before it
    /// are no longer accepted.
    public var credentialsChangedAt: Int64

    public init(
        name: String,
        kind: Kind = .user,
        passwordHash: String,
        roles: [String],
        suspended: Bool = false,
        changeRequired: Bool = false,
        createdAt: Int64,
        credentialsChangedAt: Int64
    ) {
        self.name = name
        self.kind = kind
        self.passwordHash = passwordHash
        self.roles = roles
        self.suspended = suspended
        self.changeRequired = changeRequired
        self.createdAt = createdAt
        self.credentialsChangedAt = credentialsChangedAt
    }
}

/// Durable storage for accounts. Calls block; ``AccountManager`` runs them on its blocking pool.
public protocol AccountRepository: Sendable {
    func loadAccounts() throws -> [Account]
    func loadAccount(named name: String) throws -> Account?
    /// Inserts or replaces the account with the same name.
    func saveAccount(_ account: Account) throws
    func deleteAccount(named name: String) throws
    /// Applies `changes` in order; a repository that can makes them one atomic, durable write.
    func apply(_ changes: [AccountChange]) throws
}

extension AccountRepository {
    /// Returns the account named `name`, or nil; this default loads every account.
    public func loadAccount(named name: String) throws -> Account? {
        try loadAccounts().first { $0.name == name }
    }

    /// Applies `changes` one at a time with ``saveAccount(_:)`` and ``deleteAccount(named:)``.
    ///
    /// NOTE: this default is not atomic: a failure part-way leaves the earlier changes stored.
    public func apply(_ changes: [AccountChange]) throws {
        for change in changes {
            switch change {
            case .save(let account): try saveAccount(account)
            case .delete(let name): try deleteAccount(named: name)
            }
        }
    }
}

/// A memory-hard password hash. Calls block for tens of milliseconds by design.
public protocol PasswordHasher: Sendable {
    /// Returns the hash of `password` in PHC string format with a fresh random salt.
    func hash(_ password: Secret) throws -> String
    /// Checks `password` against a PHC string in constant time.
    func verify(_ password: Secret, against encoded: String) throws -> Bool
}
