internal import Synchronization

/// The owner of local accounts: an in-memory table backed by an ``AccountRepository``.
///
/// Lookups read the table and never block. Changes are serialized by one async change lock:
/// each re-reads the current accounts inside the lock, applies its edit to them, writes the
/// repository on the blocking pool and then updates the table, so a change is visible to every
/// connection as soon as the call returns and no change overwrites another made meanwhile.
/// Password hashing runs on the blocking pool before the lock is taken, so a slow hash never
/// delays other changes.
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
    private let changeLock = ChangeLock()
    /// Counts local writes to the table, so a reload from the repository that raced one is
    /// read again instead of overwriting the newer local state with an older read.
    private let localWrites = Atomic<UInt64>(0)
    /// Passwords that matched recently, so a repeated login skips the memory-hard hash. Entries
    /// are keyed by the account's stored hash too, so a changed password misses at once.
    private let verifiedLogins: CredentialCache?

    /// Loads every account from the repository; call it on the blocking pool or at start-up.
    ///
    /// With `verifiedLogins`, a password that matched within the cache's time to live is checked
    /// against a salted HMAC instead of the stored hash. Unknown users, wrong passwords and
    /// suspended accounts always pay the full hash.
    public init(
        repository: any AccountRepository,
        hasher: any PasswordHasher,
        pool: BlockingPool,
        verifiedLogins: CredentialCache? = nil,
        clock: @escaping @Sendable () -> Int64 = { UnixTime.now() }
    ) throws {
        let loaded = try repository.loadAccounts()
        self.accounts = Mutex(Dictionary(loaded.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last }))
        self.repository = repository
        self.hasher = hasher
        self.pool = pool
        self.verifiedLogins = verifiedLogins
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
        // A suspended account always pays the hash. A quick rejection would show that the
        // password was right, because LocalAccountProvider rejects suspension only afterwards.
        if let account, !account.suspended, let cache = verifiedLogins,
            cache.identity(for: Self.cacheKey(of: account), password: password) != nil
        {
            return account
        }
        let encoded = account?.passwordHash ?? decoyHash
        let hasher = self.hasher
        let matches = try await pool.run { try hasher.verify(password, against: encoded) }
        guard let account, matches else { return nil }
        verifiedLogins?.store(
            Identity(principal: account.name, roles: [], provider: "local"),
            for: Self.cacheKey(of: account),
            password: password
        )
        return account
    }

    /// Forgets the passwords that matched, so the next login of each account pays the full hash.
    public func clearVerifiedLogins() { verifiedLogins?.clear() }

    /// Joins the name and the stored hash, which gets a fresh salt at every password change.
    private static func cacheKey(of account: Account) -> String { account.name + "\n" + account.passwordHash }

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

    /// Applies `edit` to the current accounts while holding the change lock, then stores what
    /// it changed in one ``AccountRepository/apply(_:)`` call and updates the table.
    ///
    /// `edit` works on every change committed before it and on none made while it runs. If it throws,
    /// nothing is stored. With `preservingActiveAdmin`, a batch that would leave no active
    /// account with the `admin` role fails with `InvalidArguments` (see
    /// ``AccountDraft/requireActiveAdmin()``). `edit` must not block: hash passwords before.
    ///
    /// NOTE: with servers sharing one PostgreSQL database, `edit` sees another server's change
    /// only once its notification was applied (milliseconds later), and no lock spans servers, so
    /// two servers changing the same account at once can each overwrite the other's change.
    public func change<T>(
        preservingActiveAdmin: Bool = false,
        _ edit: (inout AccountDraft) throws -> T
    ) async throws -> T {
        try await changeLock.withLock {
            var draft = AccountDraft(accounts: accounts.withLock { $0 }, now: clock())
            let result = try edit(&draft)
            if preservingActiveAdmin { try draft.requireActiveAdmin() }
            let changes = draft.changes
            guard !changes.isEmpty else { return result }
            let repository = self.repository
            try await pool.run { try repository.apply(changes) }
            accounts.withLock { table in
                localWrites.add(1, ordering: .relaxed)
                for change in changes {
                    switch change {
                    case .save(let account): table[account.name] = account
                    case .delete(let name): table[name] = nil
                    }
                }
            }
            return result
        }
    }

    // MARK: Changes made by other servers

    /// Reads one account again from the repository, after another server sharing it changed or
    /// dropped the account. Blocks: call it on a thread of its own or the blocking pool.
    public func reloadAccount(named name: String) throws {
        try reload { repository in
            let account = try repository.loadAccount(named: name)
            return { table in table[name] = account }
        }
    }

    /// Reads every account again from the repository, after changes may have been missed.
    /// Blocks like ``reloadAccount(named:)``.
    public func reloadAllAccounts() throws {
        try reload { repository in
            let loaded = try repository.loadAccounts()
            let table = Dictionary(loaded.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
            return { $0 = table }
        }
    }

    /// Reads with `load` and applies the returned update unless a local change was written
    /// meanwhile, in which case it reads again.
    private func reload(
        _ load: (any AccountRepository) throws -> (inout [String: Account]) -> Void
    ) throws {
        while true {
            let before = localWrites.load(ordering: .relaxed)
            let update = try load(repository)
            let applied = accounts.withLock { table in
                guard localWrites.load(ordering: .relaxed) == before else { return false }
                update(&table)
                return true
            }
            if applied { return }
        }
    }

    /// Returns a detached working copy of the current accounts, for checking a batch of changes without
    /// storing it; editing it changes nothing.
    public func draft() -> AccountDraft { AccountDraft(accounts: accounts.withLock { $0 }, now: clock()) }

    /// Checks a new password's length and hashes it on the blocking pool.
    ///
    /// - Throws: `InvalidArguments` for an empty or too short password.
    public func hashPassword(_ password: Secret) async throws -> String {
        try Self.validate(password: password)
        return try await hashOnPool(password)
    }

    /// Checks a password against a PHC hash on the blocking pool.
    public func password(_ password: Secret, matches encoded: String) async throws -> Bool {
        let hasher = self.hasher
        return try await pool.run { try hasher.verify(password, against: encoded) }
    }

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
        if !replace, account(named: name) != nil { throw Self.alreadyExists(name) }
        let hash = try await hashOnPool(password)
        return try await change { draft in
            // Checked again under the lock: another create of the name may have won meanwhile.
            if !replace, draft.account(named: name) != nil { throw Self.alreadyExists(name) }
            let account = Account(
                name: name,
                kind: kind,
                passwordHash: hash,
                roles: roles,
                suspended: suspended,
                changeRequired: changeRequired,
                createdAt: draft.now,
                credentialsChangedAt: draft.now
            )
            draft.save(account)
            return account
        }
    }

    /// Applies `change` to the current state of an existing account and stores it.
    ///
    /// A new password is checked and hashed before the change lock is taken; `change` then runs
    /// on the account as it is inside the lock, so changes made meanwhile are kept.
    ///
    /// - Throws: `InvalidArguments` if the account does not exist, also when it was dropped while
    ///   the password was hashed, or a role is unknown; `ArgumentError` if the new password is
    ///   the current one.
    @discardableResult
    public func update(
        name: String,
        newPassword: Secret? = nil,
        _ change: @escaping @Sendable (inout Account) throws -> Void = { _ in }
    ) async throws -> Account {
        guard let snapshot = account(named: name) else { throw Self.doesNotExist(name) }
        var newHash: String?
        if let newPassword {
            try Self.validate(password: newPassword)
            // NOTE: this compares with the hash before the lock; a password set by another change
            // while this one hashes is not compared.
            if try await password(newPassword, matches: snapshot.passwordHash) { throw Self.samePassword }
            newHash = try await hashOnPool(newPassword)
        }
        return try await self.change { [newHash] draft in
            guard var account = draft.account(named: name) else { throw Self.doesNotExist(name) }
            if let newHash {
                account.passwordHash = newHash
                account.credentialsChangedAt = draft.now
            }
            try change(&account)
            try Self.validate(roles: account.roles)
            draft.save(account)
            return account
        }
    }

    /// Deletes an account; returns false if it did not exist.
    @discardableResult
    public func delete(name: String) async throws -> Bool {
        try await change { draft in draft.delete(named: name) }
    }

    private func hashOnPool(_ password: Secret) async throws -> String {
        let hasher = self.hasher
        return try await pool.run { try hasher.hash(password) }
    }

    static func alreadyExists(_ name: String) -> ServerError {
        ServerError(.invalidArguments, "Failed to create the specified user '\(name)': User already exists.")
    }

    static func doesNotExist(_ name: String) -> ServerError {
        ServerError(.invalidArguments, "Failed to alter the specified user '\(name)': User does not exist.")
    }

    static let samePassword = ServerError(.argumentError, "Old password and new password cannot be the same.")

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
