import GraphValue

extension QuerySession {
    /// Runs an administration command that did not come from Cypher text, such as one built by
    /// the HTTP management API, with the same checks and execution as the Cypher statement.
    ///
    /// The identity is revalidated first. With expired credentials only
    /// ``AdministrationCommand/alterCurrentUserPassword(old:new:)`` may run, and every command
    /// but the self-service ones needs the `admin` permission. Inside a transaction on a user
    /// database only self-service commands may run, as with Cypher text. Inside a transaction
    /// the command is checked and recorded, and takes effect only when the transaction commits.
    ///
    /// - Throws: `ServerError` with `CredentialsExpired`, `Forbidden`, `AccessMode` (in a read
    ///   transaction), `TransactionTimedOut` or `UnsupportedAdministrationCommand`, or the
    ///   command's own error, such as `InvalidArguments` for an unknown user or role or for a
    ///   change that would leave no active admin.
    public func administer(_ command: AdministrationCommand) async throws -> QueryResult {
        try await checkDeadline()
        try await revalidate()
        if identity.credentialsExpired, !Self.isPasswordChange(command) { throw Self.credentialsExpiredError }
        try authorize(command.isSelfService ? [] : .admin, for: Self.commandName(command))
        try Self.checkAccessMode(command, readOnly: inReadOnlyTransaction)
        if let database = transactionDatabase, database != QueryService.systemDatabase, command.needsSystemDatabase {
            throw ServerError(
                .unsupportedAdministrationCommand,
                "This is an administration command and it should be executed against the system database: "
                    + "\(Self.commandName(command))."
            )
        }
        return try await perform(command)
    }

    /// Runs a user or role command against the accounts; the gate has already allowed it.
    func executeAdministration(
        _ statement: PreparedStatement,
        command parsed: AdministrationCommand,
        parameters: [String: Value]
    ) async throws -> QueryResult {
        try await perform(resolve(statement, parameters: parameters))
    }

    private static func isPasswordChange(_ command: AdministrationCommand) -> Bool {
        if case .alterCurrentUserPassword = command { return true }
        return false
    }

    /// Runs a command whose parameters are resolved; the caller has checked the permissions.
    ///
    /// A change is checked against the committed accounts with this transaction's earlier
    /// changes applied. Outside a transaction it is then applied at once; inside one it is
    /// recorded for ``commit()``.
    private func perform(_ command: AdministrationCommand) async throws -> QueryResult {
        let accounts = service.accounts
        // The SHOW commands read the committed accounts, also inside a transaction whose own
        // changes are still pending.
        switch command {
        case .showUsers:
            return Self.userRows(accounts.allAccounts)
        case .showCurrentUser:
            if let name = identity.accountName, let account = accounts.account(named: name) {
                return Self.userRows([account])
            }
            return QueryResult(
                columns: Self.userColumns,
                rows: [[.string(identity.principal), .list(identity.roles.map(Value.string)), false, false, nil]],
                queryType: .read
            )
        case .showRoles:
            return QueryResult(columns: ["role"], rows: Role.builtIn.map { [.string($0.name)] }, queryType: .read)
        case .clearAuthCache:
            // Not transactional, as in Neo4j: the cache is emptied at once, also inside a transaction.
            service.authenticator.clearCaches()
            service.audit.record(
                SecurityEvent(.authCacheCleared, ["actor": .string(identity.principal)]).with(origin)
            )
            // Servers that share the accounts clear theirs on this notification. If it cannot be
            // sent, the statement fails, although this server's caches are already empty.
            if let announcer = service.authenticator.announcer {
                try await service.pool.run { try announcer.announce(.authCacheCleared) }
            }
            return QueryResult(columns: [], rows: [], queryType: .read)
        default:
            break
        }

        var draft = accounts.draft()
        for earlier in pendingAdministration { _ = try earlier.apply(to: &draft) }
        let prepared = try await prepare(command, against: draft)
        let updates = try prepared.apply(to: &draft)
        try draft.requireActiveAdmin()
        if inTransaction {
            pendingAdministration.append(prepared)
            return Self.systemUpdates(updates)
        }
        let applied = try await accounts.change(preservingActiveAdmin: true) { try prepared.apply(to: &$0) }
        if prepared.isOwnPasswordChange { clearCredentialsExpired() }
        recordChanges([prepared])
        return Self.systemUpdates(applied)
    }

    /// Applies the account changes of a committing transaction, in order, as one batch.
    func applyAdministration(_ pending: [PreparedAdministration]) async throws {
        try await service.accounts.change(preservingActiveAdmin: true) { draft in
            for change in pending { _ = try change.apply(to: &draft) }
        }
        if pending.contains(where: \.isOwnPasswordChange) { clearCredentialsExpired() }
        recordChanges(pending)
    }

    /// Checks what a command needs beyond the accounts' state and hashes its passwords.
    ///
    /// `draft` supplies the accounts to check against; the checks that depend on it run again
    /// when the command is applied.
    private func prepare(_ command: AdministrationCommand, against draft: AccountDraft) async throws
        -> PreparedAdministration
    {
        let accounts = service.accounts
        let principal = identity.principal
        let action: PreparedAdministration.Action
        switch command {
        case .createUser(let name, let password, let ifNotExists, let orReplace, let changeRequired, let status):
            try AccountManager.validate(name: name)
            action = .createUser(
                name: name,
                passwordHash: try await accounts.hashPassword(password),
                ifNotExists: ifNotExists,
                orReplace: orReplace,
                changeRequired: changeRequired ?? true,
                suspended: status == .suspended
            )
        case .alterUser(let name, let ifExists, let password, let changeRequired, let status):
            let current = draft.account(named: name)
            // Fail before hashing: the command would fail when applied anyway.
            if current == nil, !ifExists { throw AccountManager.doesNotExist(name) }
            if status == .suspended, name == principal { throw PreparedAdministration.selfSuspension(name) }
            var hash: String?
            if let password {
                try AccountManager.validate(password: password)
                if let current, try await accounts.password(password, matches: current.passwordHash) {
                    throw AccountManager.samePassword
                }
                hash = try await accounts.hashPassword(password)
            }
            action = .alterUser(
                name: name,
                ifExists: ifExists,
                passwordHash: hash,
                changeRequired: changeRequired,
                status: status
            )
        case .dropUser(let name, let ifExists):
            action = .dropUser(name: name, ifExists: ifExists)
        case .grantRoles(let roles, let users):
            try Self.requireKnownRoles(roles, grant: true, users: users)
            action = .changeRoles(grant: true, roles: roles, users: users)
        case .revokeRoles(let roles, let users):
            try Self.requireKnownRoles(roles, grant: false, users: users)
            action = .changeRoles(grant: false, roles: roles, users: users)
        case .alterCurrentUserPassword(let old, let new):
            action = try await prepareOwnPasswordChange(old: old, new: new, against: draft)
        case .showUsers, .showCurrentUser, .showRoles, .clearAuthCache:
            throw ServerError(.unknownError, "\(Self.commandName(command)) changes no accounts.")
        }
        return PreparedAdministration(action: action, principal: principal)
    }

    private func prepareOwnPasswordChange(old: Secret, new: Secret, against draft: AccountDraft) async throws
        -> PreparedAdministration.Action
    {
        let accounts = service.accounts
        let name = identity.principal
        guard let account = draft.account(named: name), identity.provider == "local" || identity.provider == "jwt"
        else {
            throw ServerError(.invalidArguments, "User '\(name)' has no local password to change.")
        }
        guard try await accounts.password(old, matches: account.passwordHash) else {
            throw ServerError(
                .invalidArguments,
                "User '\(name)' failed to alter their own password: Invalid principal or credentials."
            )
        }
        try AccountManager.validate(password: new)
        if try await accounts.password(new, matches: account.passwordHash) { throw AccountManager.samePassword }
        let newHash = try await accounts.hashPassword(new)
        return .changeOwnPassword(name: name, verifiedHash: account.passwordHash, newHash: newHash)
    }

    private static func requireKnownRoles(_ roles: [String], grant: Bool, users: [String]) throws(ServerError) {
        for role in roles where Role.named(role) == nil {
            throw PreparedAdministration.roleChangeFailure(
                grant: grant,
                role: role,
                user: users.first ?? "",
                reason: "Role does not exist"
            )
        }
    }

    private func resolve(_ statement: PreparedStatement, parameters: [String: Value]) throws -> AdministrationCommand {
        do {
            return try service.engine.resolveAdministration(statement, parameters: parameters)
        } catch {
            throw ServerError.wrapping(error)
        }
    }

    static let userColumns = ["user", "roles", "passwordChangeRequired", "suspended", "home"]

    static func userRows(_ accounts: [Account]) -> QueryResult {
        let rows: [[Value]] = accounts.map { account in
            [
                .string(account.name), .list(account.roles.map(Value.string)), .boolean(account.changeRequired),
                .boolean(account.suspended), .null,
            ]
        }
        return QueryResult(columns: userColumns, rows: rows, queryType: .read)
    }

    static func systemUpdates(_ count: Int) -> QueryResult {
        var statistics = QueryStatistics()
        statistics.systemUpdates = count
        return QueryResult(columns: [], rows: [], statistics: statistics, queryType: .write)
    }

    static func commandName(_ command: AdministrationCommand) -> String {
        switch command {
        case .createUser: "CREATE USER"
        case .alterUser: "ALTER USER"
        case .dropUser: "DROP USER"
        case .showUsers: "SHOW USERS"
        case .showCurrentUser: "SHOW CURRENT USER"
        case .grantRoles: "GRANT ROLE"
        case .revokeRoles: "REVOKE ROLE"
        case .showRoles: "SHOW ROLES"
        case .alterCurrentUserPassword: "ALTER CURRENT USER SET PASSWORD"
        case .clearAuthCache: "CALL dbms.security.clearAuthCache()"
        }
    }
}
