import GraphValue

extension QuerySession {
    /// Runs an administration command that did not come from Cypher text, such as one built by
    /// the HTTP management API, with the same checks and execution as the Cypher statement.
    ///
    /// The identity is revalidated first. With expired credentials only
    /// ``AdministrationCommand/alterCurrentUserPassword(old:new:)`` may run, and every command
    /// but the self-service ones needs the `admin` permission. Inside a transaction on a user
    /// database only self-service commands may run, as with Cypher text. A command run inside a
    /// transaction is undone when that transaction rolls back.
    ///
    /// - Throws: `ServerError` with `CredentialsExpired`, `Forbidden` or
    ///   `UnsupportedAdministrationCommand`, or the command's own error, such as
    ///   `InvalidArguments` for an unknown user or role.
    public func administer(_ command: AdministrationCommand) async throws -> QueryResult {
        try await revalidate()
        if identity.credentialsExpired, !Self.isPasswordChange(command) { throw Self.credentialsExpiredError }
        try service.gate.authorize(identity, requires: command.isSelfService ? [] : .admin)
        if let database = transactionDatabase, database != QueryService.systemDatabase, !command.isSelfService {
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
    private func perform(_ command: AdministrationCommand) async throws -> QueryResult {
        let accounts = service.accounts
        snapshotAccounts(Self.affectedAccounts(command, principal: identity.principal))
        switch command {
        case .showUsers:
            return Self.userRows(accounts.allAccounts)
        case .showCurrentUser:
            if let account = accounts.account(named: identity.principal) { return Self.userRows([account]) }
            return QueryResult(
                columns: Self.userColumns,
                rows: [[.string(identity.principal), .list(identity.roles.map(Value.string)), false, false, nil]],
                queryType: .read
            )
        case .showRoles:
            return QueryResult(columns: ["role"], rows: Role.builtIn.map { [.string($0.name)] }, queryType: .read)
        case .createUser(let name, let password, let ifNotExists, let orReplace, let changeRequired, let status):
            if ifNotExists, accounts.account(named: name) != nil { return Self.systemUpdates(0) }
            try await accounts.create(
                name: name,
                password: password,
                roles: [],
                changeRequired: changeRequired ?? true,
                suspended: status == .suspended,
                replace: orReplace
            )
            return Self.systemUpdates(1)
        case .alterUser(let name, let ifExists, let password, let changeRequired, let status):
            if ifExists, accounts.account(named: name) == nil { return Self.systemUpdates(0) }
            if status == .suspended, name == identity.principal {
                throw ServerError(
                    .invalidArguments,
                    "Failed to alter the specified user '\(name)': Changing your own status is not allowed."
                )
            }
            try await accounts.update(name: name, newPassword: password) { account in
                if let changeRequired { account.changeRequired = changeRequired }
                if let status {
                    let suspend = status == .suspended
                    if suspend && !account.suspended { account.credentialsChangedAt = UnixTime.now() }
                    account.suspended = suspend
                }
            }
            return Self.systemUpdates(1)
        case .dropUser(let name, let ifExists):
            if name == identity.principal {
                throw ServerError(
                    .invalidArguments,
                    "Failed to delete the specified user '\(name)': Deleting yourself is not allowed."
                )
            }
            let deleted = try await accounts.delete(name: name)
            if !deleted && !ifExists {
                throw ServerError(
                    .invalidArguments,
                    "Failed to delete the specified user '\(name)': User does not exist."
                )
            }
            return Self.systemUpdates(deleted ? 1 : 0)
        case .grantRoles(let roles, let users):
            return try await changeRoles(roles, of: users, verb: "grant") { current, role in
                if !current.contains(role) { current.append(role) }
            }
        case .revokeRoles(let roles, let users):
            return try await changeRoles(roles, of: users, verb: "revoke") { current, role in
                current.removeAll { $0 == role }
            }
        case .alterCurrentUserPassword(let old, let new):
            return try await changeOwnPassword(old: old, new: new)
        }
    }

    private func resolve(_ statement: PreparedStatement, parameters: [String: Value]) throws -> AdministrationCommand {
        do {
            return try service.engine.resolveAdministration(statement, parameters: parameters)
        } catch {
            throw ServerError.wrapping(error)
        }
    }

    private func changeRoles(
        _ roles: [String],
        of users: [String],
        verb: String,
        _ apply: @escaping @Sendable (inout [String], String) -> Void
    ) async throws -> QueryResult {
        let preposition = verb == "grant" ? "to" : "from"
        for role in roles where Role.named(role) == nil {
            throw ServerError(
                .invalidArguments,
                "Failed to \(verb) role '\(role)' \(preposition) user '\(users.first ?? "")': Role does not exist."
            )
        }
        for user in users where service.accounts.account(named: user) == nil {
            throw ServerError(
                .invalidArguments,
                "Failed to \(verb) role '\(roles.first ?? "")' \(preposition) user '\(user)': User does not exist."
            )
        }
        var updates = 0
        for user in users {
            let before = service.accounts.account(named: user)?.roles ?? []
            let after = try await service.accounts.update(name: user) { account in
                for role in roles { apply(&account.roles, role) }
            }
            if before != after.roles { updates += 1 }
        }
        return Self.systemUpdates(updates)
    }

    private func changeOwnPassword(old: Secret, new: Secret) async throws -> QueryResult {
        let name = identity.principal
        guard service.accounts.account(named: name) != nil, identity.provider == "local" || identity.provider == "jwt"
        else {
            throw ServerError(.invalidArguments, "User '\(name)' has no local password to change.")
        }
        guard try await service.accounts.verifyPassword(old, for: name) != nil else {
            throw ServerError(
                .invalidArguments,
                "User '\(name)' failed to alter their own password: Invalid principal or credentials."
            )
        }
        try await service.accounts.update(name: name, newPassword: new) { account in
            account.changeRequired = false
        }
        clearCredentialsExpired()
        return Self.systemUpdates(1)
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

    static func affectedAccounts(_ command: AdministrationCommand, principal: String) -> [String] {
        switch command {
        case .createUser(let name, _, _, _, _, _), .alterUser(let name, _, _, _, _), .dropUser(let name, _): [name]
        case .grantRoles(_, let users), .revokeRoles(_, let users): users
        case .alterCurrentUserPassword: [principal]
        case .showUsers, .showCurrentUser, .showRoles: []
        }
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
        }
    }
}
