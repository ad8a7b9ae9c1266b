import Host

extension Parser {
    /// Parses what follows `CALL`: a subquery `{ ... }`, a scoped subquery `(a, b) { ... }`, or a
    /// procedure name with optional arguments and `YIELD`.
    mutating func parseCallBody() throws(ServerError) -> Clause {
        if current.isSymbol("{") || current.isSymbol("(") {
            return .subquery(try parseSubqueryCall())
        }
        var parts = [try expectName("a procedure name")]
        while accept(symbol: ".") { parts.append(try expectName("a procedure name")) }
        var arguments: [Expression]?
        if accept(symbol: "(") {
            var list: [Expression] = []
            if !current.isSymbol(")") { list = try parseExpressionList() }
            try expect(symbol: ")")
            arguments = list
        }
        let yield = accept(keyword: "YIELD") ? try parseYieldBody() : nil
        let name = parts.removeLast()
        return .call(ProcedureCall(namespace: parts, name: name, arguments: arguments, yield: yield))
    }

    /// Parses `* | field [AS alias], ... [WHERE predicate]` after `YIELD`.
    mutating func parseYieldBody() throws(ServerError) -> Yield {
        var yield = Yield(items: [])
        if accept(symbol: "*") {
            yield.all = true
        } else {
            repeat {
                let field = try expectName("a procedure output name")
                let alias = accept(keyword: "AS") ? try expectName("a variable name") : nil
                yield.items.append(YieldItem(field: field, alias: alias))
            } while accept(symbol: ",")
        }
        if accept(keyword: "WHERE") { yield.predicate = try parseExpression() }
        return yield
    }

    private mutating func parseSubqueryCall() throws(ServerError) -> SubqueryCall {
        var call = SubqueryCall(query: Query(first: SingleQuery(clauses: [])))
        if accept(symbol: "(") {
            if accept(symbol: "*") {
                call.importsAll = true
            } else {
                var names: [String] = []
                if !current.isSymbol(")") {
                    repeat {
                        names.append(try expectName("a variable name"))
                    } while accept(symbol: ",")
                }
                call.importedVariables = names
            }
            try expect(symbol: ")")
        }
        try expect(symbol: "{")
        call.query = try parseQuery()
        try checkConclusion(of: call.query)
        try expect(symbol: "}")
        if current.isKeyword("IN"), peek(1).isKeyword("TRANSACTIONS") {
            advance()
            advance()
            var inTransactions = InTransactions()
            if accept(keyword: "OF") {
                inTransactions.batchSize = try parseExpression()
                if !accept(keyword: "ROWS") { try expect(keyword: "ROW") }
            }
            call.inTransactions = inTransactions
        }
        return call
    }

    /// Parses the body of `EXISTS { ... }`, `COUNT { ... }` or `COLLECT { ... }`, the current
    /// token being `{`: either a full query or a pattern with an optional `WHERE`, which becomes
    /// a query of one `MATCH`.
    mutating func parseSubqueryExpressionBody() throws(ServerError) -> Query {
        try expect(symbol: "{")
        let query: Query
        if current.isSymbol("(") || (current.name != nil && peek(1).isSymbol("=")) {
            let pattern = try parsePattern()
            let predicate = accept(keyword: "WHERE") ? try parseExpression() : nil
            query = Query(first: SingleQuery(clauses: [.match(Match(pattern: pattern, predicate: predicate))]))
        } else {
            query = try parseQuery()
        }
        try expect(symbol: "}")
        return query
    }
}
