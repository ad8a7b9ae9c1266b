import Host

extension Parser {
    /// Parses the next clause, or returns nil when the current token starts none.
    mutating func parseClauseIfPresent() throws(ServerError) -> Clause? {
        guard case .identifier(_, let keyword) = current.kind else { return nil }
        switch keyword {
        case "MATCH":
            advance()
            return .match(try parseMatchBody(optional: false))
        case "OPTIONAL":
            guard peek(1).isKeyword("MATCH") else { return nil }
            advance()
            advance()
            return .match(try parseMatchBody(optional: true))
        case "UNWIND":
            advance()
            let expression = try parseExpression()
            try expect(keyword: "AS")
            return .unwind(Unwind(expression: expression, variable: try expectName("a variable name")))
        case "CALL":
            advance()
            return try parseCallBody()
        case "WITH":
            advance()
            let projection = try parseProjection()
            let predicate = accept(keyword: "WHERE") ? try parseExpression() : nil
            return .with(With(projection: projection, predicate: predicate))
        case "RETURN":
            advance()
            return .return(Return(projection: try parseProjection()))
        case "CREATE":
            advance()
            return .create(Create(pattern: try parsePattern()))
        case "MERGE":
            advance()
            return .merge(try parseMergeBody())
        case "SET":
            advance()
            return .set(try parseSetItems())
        case "REMOVE":
            advance()
            return .remove(try parseRemoveItems())
        case "DELETE":
            advance()
            return .delete(Delete(detach: false, expressions: try parseDeleteTargets()))
        case "DETACH", "NODETACH":
            guard peek(1).isKeyword("DELETE") else { return nil }
            advance()
            advance()
            return .delete(Delete(detach: keyword == "DETACH", expressions: try parseDeleteTargets()))
        case "FOREACH":
            advance()
            return .foreach(try parseForeachBody())
        default:
            return nil
        }
    }

    private mutating func parseMatchBody(optional: Bool) throws(ServerError) -> Match {
        let pattern = try parsePattern()
        let predicate = accept(keyword: "WHERE") ? try parseExpression() : nil
        return Match(optional: optional, pattern: pattern, predicate: predicate)
    }

    /// Parses the expressions of `DELETE`; a label check such as `n:Person` there is an error,
    /// because labels are removed with `REMOVE`.
    private mutating func parseDeleteTargets() throws(ServerError) -> [Expression] {
        let start = current.start
        let expressions = try parseExpressionList()
        for case .hasLabels in expressions {
            throw error(
                "Invalid input: DELETE takes nodes, relationships or paths; use REMOVE to remove labels",
                at: start
            )
        }
        return expressions
    }

    mutating func parseExpressionList() throws(ServerError) -> [Expression] {
        var expressions = [try parseExpression()]
        while accept(symbol: ",") { expressions.append(try parseExpression()) }
        return expressions
    }

    // MARK: - WITH and RETURN

    mutating func parseProjection() throws(ServerError) -> Projection {
        var projection = Projection(items: [])
        projection.distinct = accept(keyword: "DISTINCT")
        if accept(symbol: "*") {
            projection.includesAll = true
            if accept(symbol: ",") { projection.items = try parseProjectionItems() }
        } else {
            projection.items = try parseProjectionItems()
        }
        if current.isKeyword("ORDER") {
            advance()
            try expect(keyword: "BY")
            projection.orderBy = try parseSortItems()
        }
        if accept(keyword: "SKIP") || accept(keyword: "OFFSET") { projection.skip = try parseExpression() }
        if accept(keyword: "LIMIT") { projection.limit = try parseExpression() }
        return projection
    }

    private mutating func parseProjectionItems() throws(ServerError) -> [ProjectionItem] {
        var items: [ProjectionItem] = []
        repeat {
            let start = current.start
            let expression = try parseExpression()
            let text = text(from: start)
            let alias = accept(keyword: "AS") ? try expectName("a variable name") : nil
            items.append(ProjectionItem(expression: expression, alias: alias, text: text))
        } while accept(symbol: ",")
        return items
    }

    private mutating func parseSortItems() throws(ServerError) -> [SortItem] {
        var items: [SortItem] = []
        repeat {
            let expression = try parseExpression()
            var ascending = true
            if accept(keyword: "DESC") || accept(keyword: "DESCENDING") {
                ascending = false
            } else if !accept(keyword: "ASC") {
                _ = accept(keyword: "ASCENDING")
            }
            items.append(SortItem(expression: expression, ascending: ascending))
        } while accept(symbol: ",")
        return items
    }

    // MARK: - Updating clauses

    private mutating func parseMergeBody() throws(ServerError) -> Merge {
        let part = try parsePatternPart()
        var actions: [MergeAction] = []
        while current.isKeyword("ON") {
            advance()
            let trigger: MergeAction.Trigger
            if accept(keyword: "CREATE") {
                trigger = .onCreate
            } else if accept(keyword: "MATCH") {
                trigger = .onMatch
            } else {
                throw unexpected(expected: "'CREATE' or 'MATCH'")
            }
            try expect(keyword: "SET")
            actions.append(MergeAction(trigger: trigger, items: try parseSetItems()))
        }
        return Merge(part: part, actions: actions)
    }

    private mutating func parseSetItems() throws(ServerError) -> [SetItem] {
        var items: [SetItem] = []
        repeat {
            items.append(try parseSetItem())
        } while accept(symbol: ",")
        return items
    }

    private mutating func parseSetItem() throws(ServerError) -> SetItem {
        if let variable = current.name {
            let next = peek(1)
            if next.isSymbol("=") || next.isSymbol("+=") {
                advance()
                advance()
                let value = try parseExpression()
                return next.isSymbol("=")
                    ? .replaceProperties(variable: variable, value: value)
                    : .mergeProperties(variable: variable, value: value)
            }
            if next.isSymbol(":") {
                advance()
                return .labels(variable: variable, labels: try parseLabels())
            }
        }
        let (entity, key) = try parsePropertyTarget()
        try expect(symbol: "=")
        return .property(entity: entity, key: key, value: try parseExpression())
    }

    private mutating func parseRemoveItems() throws(ServerError) -> [RemoveItem] {
        var items: [RemoveItem] = []
        repeat {
            if let variable = current.name, peek(1).isSymbol(":") {
                advance()
                items.append(.labels(variable: variable, labels: try parseLabels()))
            } else {
                let (entity, key) = try parsePropertyTarget()
                items.append(.property(entity: entity, key: key))
            }
        } while accept(symbol: ",")
        return items
    }

    /// Parses `atom.key1.key2`, returning the entity before the last lookup and the last key.
    private mutating func parsePropertyTarget() throws(ServerError) -> (Expression, String) {
        var entity = try parseAtom()
        guard current.isSymbol(".") else { throw unexpected(expected: "a property lookup such as 'n.name'") }
        var key = ""
        while accept(symbol: ".") {
            if !key.isEmpty { entity = .property(entity, key: key) }
            key = try expectName("a property key name")
        }
        return (entity, key)
    }

    /// Parses `:A:B`, the current token being the first `:`.
    mutating func parseLabels() throws(ServerError) -> [String] {
        var labels: [String] = []
        while accept(symbol: ":") { labels.append(try expectName("a label name")) }
        return labels
    }

    private mutating func parseForeachBody() throws(ServerError) -> Foreach {
        try expect(symbol: "(")
        try enter()
        defer { leave() }
        let variable = try expectName("a variable name")
        try expect(keyword: "IN")
        let list = try parseExpression()
        try expect(symbol: "|")
        var clauses: [Clause] = []
        while let clause = try parseClauseIfPresent() {
            switch clause {
            case .create, .merge, .set, .remove, .delete, .foreach:
                clauses.append(clause)
            default:
                throw error("Invalid use of \(Self.keyword(of: clause)) inside FOREACH", at: tokens[index - 1].start)
            }
        }
        guard !clauses.isEmpty else {
            throw unexpected(expected: "'CREATE', 'DELETE', 'DETACH', 'FOREACH', 'MERGE', 'REMOVE' or 'SET'")
        }
        try expect(symbol: ")")
        return Foreach(variable: variable, list: list, clauses: clauses)
    }

    static func keyword(of clause: Clause) -> String {
        switch clause {
        case .match(let match): match.optional ? "OPTIONAL MATCH" : "MATCH"
        case .unwind: "UNWIND"
        case .call, .subquery: "CALL"
        case .with: "WITH"
        case .return: "RETURN"
        case .create: "CREATE"
        case .merge: "MERGE"
        case .set: "SET"
        case .remove: "REMOVE"
        case .delete(let delete): delete.detach ? "DETACH DELETE" : "DELETE"
        case .foreach: "FOREACH"
        }
    }
}
