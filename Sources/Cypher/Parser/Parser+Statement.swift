import Host

extension Parser {
    static let clauseKeywords =
        "'CALL', 'CREATE', 'DELETE', 'DETACH', 'FOREACH', 'MATCH', 'MERGE', 'OPTIONAL', 'REMOVE', 'RETURN', "
        + "'SET', 'UNWIND' or 'WITH'"

    /// Consumes a leading `EXPLAIN` or `PROFILE` and returns the mode it sets.
    mutating func parseExecutionMode() -> ExecutionMode {
        if accept(keyword: "EXPLAIN") { return .explain }
        if accept(keyword: "PROFILE") { return .profile }
        return .normal
    }

    mutating func parseStatement() throws(ServerError) -> Statement {
        guard current.kind != .end else {
            throw unexpected(expected: Self.clauseKeywords + ", or a schema or administration command")
        }
        let statement: Statement
        if let command = try parseCommandIfPresent() {
            statement = command
        } else {
            statement = .query(try parseQuery())
        }
        _ = accept(symbol: ";")
        guard current.kind == .end else {
            if case .query = statement {
                throw unexpected(expected: Self.clauseKeywords + ", 'UNION', ';' or the end of the query")
            }
            throw unexpected(expected: "';' or the end of the statement")
        }
        if case .query(let query) = statement {
            try checkConclusion(of: query)
            if Self.isClearAuthCache(query) { return .administration(.clearAuthCache) }
        }
        return statement
    }

    /// True for a standalone `CALL dbms.security.clearAuthCache()`, which the host runs against
    /// the login caches rather than the engine against a database.
    private static func isClearAuthCache(_ query: Query) -> Bool {
        guard query.unions.isEmpty, query.first.clauses.count == 1, case .call(let call) = query.first.clauses[0],
            call.qualifiedName.lowercased() == "dbms.security.clearauthcache", call.arguments?.isEmpty ?? true,
            call.yield == nil
        else { return false }
        return true
    }

    /// Parses single queries joined by `UNION [ALL]`, stopping at `;`, `}` or the end.
    mutating func parseQuery() throws(ServerError) -> Query {
        try enter()
        defer { leave() }
        let first = try parseSingleQuery()
        var unions: [Union] = []
        while current.isKeyword("UNION") {
            let unionStart = advance().start
            let all = accept(keyword: "ALL")
            if let previous = unions.last, previous.all != all {
                throw error("Invalid combination of UNION and UNION ALL", at: unionStart)
            }
            if !all { _ = accept(keyword: "DISTINCT") }
            unions.append(Union(all: all, query: try parseSingleQuery()))
        }
        return Query(first: first, unions: unions)
    }

    mutating func parseSingleQuery() throws(ServerError) -> SingleQuery {
        var clauses: [Clause] = []
        while let clause = try parseClauseIfPresent() {
            if case .return = clauses.last {
                throw error("RETURN can only be used at the end of the query", at: tokens[index - 1].start)
            }
            clauses.append(clause)
        }
        guard !clauses.isEmpty else { throw unexpected(expected: Self.clauseKeywords) }
        if clauses.count > 1 {
            for case .call(let call) in clauses where call.yield?.all == true {
                throw ServerError(.syntaxError, "YIELD * is only allowed in standalone procedure calls")
            }
        }
        return SingleQuery(clauses: clauses)
    }

    /// Rejects a top-level query or `CALL { }` body whose last clause cannot end a query, as
    /// Neo4j does: it must be `RETURN`, an updating clause, a `CALL { }` or a procedure call
    /// (with `YIELD` only when the call is the whole query).
    func checkConclusion(of query: Query) throws(ServerError) {
        for single in query.singleQueries {
            guard let last = single.clauses.last else { continue }
            let name: String
            switch last {
            case .return, .create, .merge, .set, .remove, .delete, .foreach, .subquery:
                continue
            case .call(let call):
                if call.yield == nil || single.clauses.count == 1 { continue }
                name = "CALL together with YIELD"
            case .match(let match): name = match.optional ? "OPTIONAL MATCH" : "MATCH"
            case .unwind: name = "UNWIND"
            case .with: name = "WITH"
            }
            throw ServerError(
                .syntaxError,
                "Query cannot conclude with \(name) (must be a RETURN clause, a FINISH clause, an update clause, "
                    + "a unit subquery call, or a procedure call with no YIELD)"
            )
        }
    }

    /// Parses a schema or administration command when the statement starts like one.
    mutating func parseCommandIfPresent() throws(ServerError) -> Statement? {
        let next = peek(1)
        if current.isKeyword("CREATE") {
            // `CREATE p = (...)` is a path variable, and every other CREATE clause starts with `(`.
            guard next.name != nil, !peek(2).isSymbol("="), case .identifier = next.kind else { return nil }
            return try parseCreateCommand()
        }
        for keyword in ["DROP", "SHOW", "ALTER", "GRANT", "REVOKE", "DENY", "START", "STOP"]
        where current.isKeyword(keyword) {
            return try parseCommand(startingWith: keyword)
        }
        return nil
    }

    private mutating func parseCreateCommand() throws(ServerError) -> Statement {
        let next = peek(1)
        if next.isKeyword("USER") || next.isKeyword("OR") {
            return .administration(try parseCreateUser())
        }
        if next.isKeyword("CONSTRAINT") {
            return .schema(try parseCreateConstraint())
        }
        if next.isKeyword("ROLE") || next.isKeyword("DATABASE") || next.isKeyword("ALIAS")
            || next.isKeyword("COMPOSITE")
        {
            throw unsupported("CREATE \(next.name ?? "")".uppercased())
        }
        return .schema(try parseCreateIndex())
    }

    private mutating func parseCommand(startingWith keyword: String) throws(ServerError) -> Statement {
        let next = peek(1)
        switch keyword {
        case "DROP":
            if next.isKeyword("INDEX") || next.isKeyword("CONSTRAINT") { return .schema(try parseDropSchema()) }
            if next.isKeyword("USER") { return .administration(try parseDropUser()) }
            throw unsupported("DROP \(next.name ?? "")".uppercased())
        case "SHOW":
            return try parseShow()
        case "ALTER":
            if next.isKeyword("USER") { return .administration(try parseAlterUser()) }
            if next.isKeyword("CURRENT") { return .administration(try parseAlterCurrentUser()) }
            throw unsupported("ALTER \(next.name ?? "")".uppercased())
        case "GRANT", "REVOKE":
            if next.isKeyword("ROLE") || next.isKeyword("ROLES") {
                return .administration(try parseGrantOrRevokeRoles())
            }
            throw unsupported("\(keyword) privileges")
        default:
            throw unsupported(keyword)
        }
    }

    func unsupported(_ command: String) -> ServerError {
        ServerError(
            .unsupportedAdministrationCommand,
            "Unsupported administration command: \(command) is not supported by this server"
        )
    }
}
