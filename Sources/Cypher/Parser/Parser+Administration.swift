import Host

/// User and role commands. Error messages here never quote the input, because a misplaced
/// token may be a password.
extension Parser {
    /// Parses `CREATE [OR REPLACE] USER name [IF NOT EXISTS] SET [PLAINTEXT] PASSWORD pw
    /// [CHANGE [NOT] REQUIRED] [SET PASSWORD CHANGE [NOT] REQUIRED] [SET STATUS ACTIVE|SUSPENDED]`.
    mutating func parseCreateUser() throws(ServerError) -> AdministrationStatement {
        redactsInput = true
        try expect(keyword: "CREATE")
        var orReplace = false
        if accept(keyword: "OR") {
            try expect(keyword: "REPLACE")
            orReplace = true
        }
        try expect(keyword: "USER")
        let name = try parseAdministrationName("a user name")
        var ifNotExists = false
        if accept(keyword: "IF") {
            try expect(keyword: "NOT")
            try expect(keyword: "EXISTS")
            ifNotExists = true
        }
        if orReplace, ifNotExists {
            throw ServerError(
                .syntaxError,
                "Failed to create the specified user: cannot have both `OR REPLACE` and `IF NOT EXISTS`."
            )
        }
        let settings = try parseUserSettings()
        guard let password = settings.password else { throw unexpected(expected: "'SET PASSWORD'") }
        return .createUser(
            name: name,
            password: password,
            ifNotExists: ifNotExists,
            orReplace: orReplace,
            changeRequired: settings.changeRequired,
            status: settings.status
        )
    }

    /// Parses `ALTER USER name [IF EXISTS] SET ...`, with at least one `SET`.
    mutating func parseAlterUser() throws(ServerError) -> AdministrationStatement {
        redactsInput = true
        try expect(keyword: "ALTER")
        try expect(keyword: "USER")
        let name = try parseAdministrationName("a user name")
        var ifExists = false
        if accept(keyword: "IF") {
            try expect(keyword: "EXISTS")
            ifExists = true
        }
        guard current.isKeyword("SET") else { throw unexpected(expected: "'SET'") }
        let settings = try parseUserSettings()
        return .alterUser(
            name: name,
            ifExists: ifExists,
            password: settings.password,
            changeRequired: settings.changeRequired,
            status: settings.status
        )
    }

    /// Parses `ALTER CURRENT USER SET PASSWORD FROM old TO new`.
    mutating func parseAlterCurrentUser() throws(ServerError) -> AdministrationStatement {
        redactsInput = true
        try expect(keyword: "ALTER")
        try expect(keyword: "CURRENT")
        try expect(keyword: "USER")
        try expect(keyword: "SET")
        try expect(keyword: "PASSWORD")
        try expect(keyword: "FROM")
        let old = try parsePassword()
        try expect(keyword: "TO")
        return .alterCurrentUserPassword(old: old, new: try parsePassword())
    }

    mutating func parseDropUser() throws(ServerError) -> AdministrationStatement {
        redactsInput = true
        try expect(keyword: "DROP")
        try expect(keyword: "USER")
        let name = try parseAdministrationName("a user name")
        var ifExists = false
        if accept(keyword: "IF") {
            try expect(keyword: "EXISTS")
            ifExists = true
        }
        return .dropUser(name: name, ifExists: ifExists)
    }

    /// Parses `GRANT ROLE[S] r, ... TO u, ...` and `REVOKE ROLE[S] r, ... FROM u, ...`.
    mutating func parseGrantOrRevokeRoles() throws(ServerError) -> AdministrationStatement {
        redactsInput = true
        let isGrant = accept(keyword: "GRANT")
        if !isGrant { try expect(keyword: "REVOKE") }
        if !accept(keyword: "ROLES") { try expect(keyword: "ROLE") }
        var roles: [AdministrationName] = []
        repeat {
            roles.append(try parseAdministrationName("a role name"))
        } while accept(symbol: ",")
        try expect(keyword: isGrant ? "TO" : "FROM")
        var users: [AdministrationName] = []
        repeat {
            users.append(try parseAdministrationName("a user name"))
        } while accept(symbol: ",")
        return isGrant ? .grantRoles(roles: roles, users: users) : .revokeRoles(roles: roles, users: users)
    }

    // MARK: - Parts

    private struct UserSettings {
        var password: PasswordSource?
        var changeRequired: Bool?
        var status: AdministrationCommand.Status?
    }

    /// Parses the `SET` clauses of `CREATE USER` and `ALTER USER`; each setting may appear once.
    private mutating func parseUserSettings() throws(ServerError) -> UserSettings {
        var settings = UserSettings()
        while accept(keyword: "SET") {
            let start = tokens[index - 1].start
            if accept(keyword: "STATUS") {
                guard settings.status == nil else { throw duplicate("SET STATUS", at: start) }
                if accept(keyword: "ACTIVE") {
                    settings.status = .active
                } else if accept(keyword: "SUSPENDED") {
                    settings.status = .suspended
                } else {
                    throw unexpected(expected: "'ACTIVE' or 'SUSPENDED'")
                }
                continue
            }
            if current.isKeyword("HOME") {
                throw unsupported("SET HOME DATABASE")
            }
            if current.isKeyword("ENCRYPTED") {
                throw unsupported("SET ENCRYPTED PASSWORD")
            }
            let plaintext = accept(keyword: "PLAINTEXT")
            try expect(keyword: "PASSWORD")
            if !plaintext, current.isKeyword("CHANGE") {
                guard settings.changeRequired == nil else { throw duplicate("SET PASSWORD CHANGE", at: start) }
                settings.changeRequired = try parseChangeRequired()
                continue
            }
            guard settings.password == nil else { throw duplicate("SET PASSWORD", at: start) }
            settings.password = try parsePassword()
            if current.isKeyword("CHANGE") {
                guard settings.changeRequired == nil else { throw duplicate("SET PASSWORD CHANGE", at: start) }
                settings.changeRequired = try parseChangeRequired()
            }
        }
        return settings
    }

    /// Parses `CHANGE [NOT] REQUIRED` and returns whether a change is required.
    private mutating func parseChangeRequired() throws(ServerError) -> Bool {
        try expect(keyword: "CHANGE")
        let negated = accept(keyword: "NOT")
        try expect(keyword: "REQUIRED")
        return !negated
    }

    private mutating func parsePassword() throws(ServerError) -> PasswordSource {
        switch current.kind {
        case .string(let value):
            advance()
            return .literal(Secret(value))
        case .parameter(let name):
            advance()
            return .parameter(name)
        default:
            throw unexpected(expected: "a password string or a parameter")
        }
    }

    /// Parses a user or role name: a name (keywords included), a backquoted name, a string or a parameter.
    private mutating func parseAdministrationName(_ what: String) throws(ServerError) -> AdministrationName {
        switch current.kind {
        case .identifier(let name, _), .quotedIdentifier(let name), .string(let name):
            advance()
            return .literal(name)
        case .parameter(let name):
            advance()
            return .parameter(name)
        default:
            throw unexpected(expected: what)
        }
    }

    private func duplicate(_ clause: String, at offset: Int) -> ServerError {
        error("Duplicate \(clause) clause", at: offset)
    }
}
