internal import Synchronization

/// The owner of local accounts: an in-memory table backed by an ``AccountRepository``.
///
/// Lookups read the table and never block. Changes hash passwords and write the repository
/// on the blocking pool, then update the table, so a change is visible to every connection
/// as soon as the call returns.
public final class AccountManager: Sendable {
    /// The shortest password accepted, in characters.
    public static let minimumPasswordLength = 8

    private let accounts: Mutex<[String: Account]>
    private let repository: any AccountRepository
    private let hasher: any PasswordHasher
    private let pool: BlockingPool
    private let clock: @Sendable () -> Int64
    /// The hash of a random password, verified against when the user is unknown.
    private let decoyHash: String

    /// Loads every account from the repository; call it on the blocking pool or at start-up.
    public init(
        repository: any AccountRepository,
        hasher: any PasswordHasher,
        pool: BlockingPool,
        clock: @escaping @Sendable () -> Int64 = { UnixTime.now() }
    ) throws {
        let loaded = try repository.loadAccounts()
        self.accounts = Mutex(Dictionary(loaded.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last }))
        self.repository = repository
        self.hasher = hasher
        self.pool = pool
        self.clock = clock
        self.decoyHash = try hasher.hash(Secret(Crypto.randomToken()))
    }

    // MARK: Lookups

    public func account(named name: String) -> Account? { accounts.withLock { $0[name] } }

    public var allAccounts: [Account] { accounts.withLock { Array($0.values) }.sorted { $0.name < $1.name } }

    public var hasAdmin: Bool { accounts.withLock { $0.values.contains { $0.roles.contains(Role.admin.name) } } }

    /// Checks a password on the blocking pool; returns the account when it matches.
    ///
    /// An unknown user still costs one hash, so response time does not reveal which names exist.
    public func verifyPassword(_ password: Secret, for name: String) async throws -> Account? {
        let account = account(named: name)
        let encoded = account?.passwordHash ?? decoyHash
        let hasher = self.hasher
        let matches = try await pool.run { try hasher.verify(password, against: encoded) }
        guard let account, matches else { return nil }
        return account
    }

    /// Applies the current state of an identity's account before a request: its roles and
    /// change-required flag. A dropped or suspended account throws `AuthorizationExpired`.
    ///
    /// A password change does not end the session, as in Neo4j, where open connections keep
    /// working and only new logins need the new password.
    public func refresh(_ identity: Identity, accountName: String) throws(ServerError) -> Identity {
        guard let account = account(named: accountName), !account.suspended else {
            throw ServerError(
                .authorizationExpired,
                "The account '\(accountName)' was dropped or suspended; the session's authorization has ended."
            )
        }
        var refreshed = identity
        refreshed.roles = account.roles
        refreshed.credentialsExpired = account.changeRequired
        return refreshed
    }

    // MARK: Changes

    /// Creates an account; throws `InvalidArguments` if the name exists or a role is unknown.
    @discardableResult
    public func create(
        name: String,
        kind: Account.Kind = .user,
        password: Secret,
        roles: [String],
        changeRequired: Bool = false,
        suspended: Bool = false,
        replace: Bool = false
    ) async throws -> Account {
        try Self.validate(name: name)
        try Self.validate(password: password)
        try Self.validate(roles: roles)
        if !replace, account(named: name) != nil {
            throw ServerError(.invalidArguments, "Failed to create the specified user '\(name)': User already exists.")
        }
        let hash = try await hashOnPool(password)
        let now = clock()
        let account = Account(
            name: name,
            kind: kind,
            passwordHash: hash,
            roles: roles,
            suspended: suspended,
            changeRequired: changeRequired,
            createdAt: now,
            credentialsChangedAt: now
        )
        try await persist(account)
        return account
    }

    /// Applies `change` to an existing account and stores it; throws if the account is missing.
    @discardableResult
    public func update(
        name: String,
        newPassword: Secret? = nil,
        _ change: @escaping @Sendable (inout Account) throws -> Void = { _ in }
    ) async throws -> Account {
        guard var account = account(named: name) else {
            throw ServerError(.invalidArguments, "Failed to alter the specified user '\(name)': User does not exist.")
        }
        if let newPassword {
            try Self.validate(password: newPassword)
            let currentHash = account.passwordHash
            if try await pool.run({ [hasher] in try hasher.verify(newPassword, against: currentHash) }) {
                throw ServerError(.argumentError, "Old password and new password cannot be the same.")
            }
            account.passwordHash = try await hashOnPool(newPassword)
            account.credentialsChangedAt = clock()
        }
        try change(&account)
        try Self.validate(roles: account.roles)
        try await persist(account)
        return account
    }

    /// Deletes an account; returns false if it did not exist.
    @discardableResult
    public func delete(name: String) async throws -> Bool {
        guard account(named: name) != nil else { return false }
        let repository = self.repository
        try await pool.run { try repository.deleteAccount(named: name) }
        accounts.withLock { _ = $0.removeValue(forKey: name) }
        return true
    }

    /// Puts an account back as it was, or removes it when `snapshot` is nil; used to undo
    /// administration commands of a transaction that rolled back.
    public func restore(name: String, to snapshot: Account?) async throws {
        if let snapshot {
            try await persist(snapshot)
        } else {
            try await delete(name: name)
        }
    }

    private func hashOnPool(_ password: Secret) async throws -> String {
        let hasher = self.hasher
        return try await pool.run { try hasher.hash(password) }
    }

    private func persist(_ account: Account) async throws {
        let repository = self.repository
        try await pool.run { try repository.saveAccount(account) }
        accounts.withLock { $0[account.name] = account }
    }

    // MARK: Validation

    static func validate(name: String) throws(ServerError) {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-.@".unicodeScalars.contains(scalar)
        }
        guard !name.isEmpty, name.count <= 128, allowed else {
            throw ServerError(
                .invalidArguments,
                "Invalid user name '\(name)': use 1 to 128 letters, digits, '_', '-', '.' or '@'."
            )
        }
    }

    static func validate(password: Secret) throws(ServerError) {
        if password.isEmpty { throw ServerError(.invalidArguments, "A password cannot be empty.") }
        if password.reveal().count < minimumPasswordLength {
            throw ServerError(
                .invalidArguments,
                "A password must be at least \(minimumPasswordLength) characters long."
            )
        }
    }

    static func validate(roles: [String]) throws(ServerError) {
        for role in roles where Role.named(role) == nil {
            let known = Role.builtIn.map(\.name).joined(separator: ", ")
            throw ServerError(.invalidArguments, "Role '\(role)' does not exist; the roles are \(known).")
        }
    }
}
