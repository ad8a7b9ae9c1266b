import Host

extension Parser {
    /// Parses `SHOW ...` for indexes, constraints, users, the current user and roles.
    mutating func parseShow() throws(ServerError) -> Statement {
        try expect(keyword: "SHOW")
        if current.isKeyword("CURRENT") {
            advance()
            try expect(keyword: "USER")
            return .administration(.showCurrentUser(filter: try parseShowFilter()))
        }
        if accept(keyword: "USERS") || accept(keyword: "USER") {
            return .administration(.showUsers(filter: try parseShowFilter()))
        }
        if case .identifier(_, let upper) = current.kind, let kind = IndexKind(rawValue: upper),
            peek(1).isKeyword("INDEX") || peek(1).isKeyword("INDEXES")
        {
            advance()
            advance()
            return .schema(.showIndexes(kind: kind, filter: try parseShowFilter()))
        }
        if accept(keyword: "INDEX") || accept(keyword: "INDEXES") {
            return .schema(.showIndexes(kind: nil, filter: try parseShowFilter()))
        }
        if let roles = try parseShowRolesIfPresent() { return roles }
        let constraintKinds: Set = [
            "ALL", "UNIQUE", "UNIQUENESS", "NODE", "RELATIONSHIP", "REL", "KEY", "EXIST", "EXISTENCE", "EXISTS",
            "PROPERTY", "PROP", "TYPE",
        ]
        var lookahead = 0
        while case .identifier(_, let upper) = peek(lookahead).kind, constraintKinds.contains(upper) { lookahead += 1 }
        if peek(lookahead).isKeyword("CONSTRAINT") || peek(lookahead).isKeyword("CONSTRAINTS") {
            for _ in 0...lookahead { advance() }
            return .schema(.showConstraints(filter: try parseShowFilter()))
        }
        guard let name = current.name else {
            throw unexpected(expected: "'INDEXES', 'CONSTRAINTS', 'USERS', 'CURRENT USER' or 'ROLES'")
        }
        throw unsupported("SHOW \(name.uppercased())")
    }

    private mutating func parseShowRolesIfPresent() throws(ServerError) -> Statement? {
        var lookahead = 0
        var populated = false
        if current.isKeyword("ALL") || current.isKeyword("POPULATED") {
            populated = current.isKeyword("POPULATED")
            lookahead = 1
        }
        guard peek(lookahead).isKeyword("ROLES") || peek(lookahead).isKeyword("ROLE") else { return nil }
        for _ in 0...lookahead { advance() }
        if current.isKeyword("WITH"), peek(1).isKeyword("USERS") || peek(1).isKeyword("USER") {
            // NOTE: the role-to-user listing is not modelled; SHOW ROLES WITH USERS is rejected.
            throw unsupported("SHOW ROLES WITH USERS")
        }
        return .administration(.showRoles(populated: populated, filter: try parseShowFilter()))
    }

    /// Parses the optional `WHERE predicate` or `YIELD ... [WHERE ...] [RETURN ...]` after `SHOW`.
    mutating func parseShowFilter() throws(ServerError) -> ShowFilter {
        var filter = ShowFilter()
        if accept(keyword: "WHERE") {
            filter.predicate = try parseExpression()
            return filter
        }
        guard accept(keyword: "YIELD") else { return filter }
        var yield = Yield(items: [])
        if accept(symbol: "*") {
            yield.all = true
        } else {
            repeat {
                let field = try expectName("a column name")
                let alias = accept(keyword: "AS") ? try expectName("a variable name") : nil
                yield.items.append(YieldItem(field: field, alias: alias))
            } while accept(symbol: ",")
        }
        if current.isKeyword("ORDER") || current.isKeyword("SKIP") || current.isKeyword("LIMIT") {
            // NOTE: ORDER BY, SKIP and LIMIT right after YIELD are not modelled; use RETURN for them.
            throw error(
                "ORDER BY, SKIP and LIMIT after YIELD are not supported; use them after RETURN",
                at: current.start
            )
        }
        filter.yield = yield
        if accept(keyword: "WHERE") { filter.predicate = try parseExpression() }
        if accept(keyword: "RETURN") { filter.returnProjection = try parseProjection() }
        return filter
    }
}
