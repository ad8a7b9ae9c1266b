import Host

extension Analyzer {
    /// Checks a WITH or RETURN body and returns the scope it produces.
    mutating func project(_ projection: Projection, from scope: Scope, requireAliases: Bool) throws(ServerError)
        -> Scope
    {
        if !requireAliases, projection.includesAll, scope.variables.isEmpty {
            throw failure("RETURN * is not allowed when there are no variables in scope")
        }
        var result = projection.includesAll ? scope : Scope()
        var names: Set<String> = []
        var aggregates = false
        for item in projection.items {
            let type = try check(item.expression, in: scope)
            if case .patternPredicate = item.expression { throw patternAsValue() }
            if requireAliases, item.alias == nil, !isVariable(item.expression) {
                throw failure("Expression in WITH must be aliased (use AS)")
            }
            guard names.insert(item.name).inserted else {
                throw failure("Multiple result columns with the same name are not supported")
            }
            aggregates = aggregates || containsAggregate(item.expression)
            result[item.name] = type
        }
        if aggregates { try checkGroupingKeys(projection.items) }
        // ORDER BY may also name variables from before the projection, except after an
        // aggregating projection, where only the projected columns remain.
        var orderScope = result
        for (name, kind) in scope.variables where orderScope[name] == nil { orderScope[name] = kind }
        for sort in projection.orderBy {
            try check(sort.expression, in: orderScope)
            if aggregates {
                try checkAggregatingSortKey(sort.expression, items: projection.items, columns: result)
            } else if containsAggregate(sort.expression) {
                throw failure("Invalid use of aggregating function in ORDER BY: the projection does not aggregate")
            }
        }
        for (keyword, value) in [("SKIP", projection.skip), ("LIMIT", projection.limit)] {
            guard let value else { continue }
            try checkConstant(value, keyword: keyword)
        }
        return result
    }

    /// Rejects SKIP and LIMIT values that name variables or are negative integer literals.
    private func checkConstant(_ value: Expression, keyword: String) throws(ServerError) {
        var refersToVariable = false
        value.forEachDescendant { expression in
            if case .variable = expression { refersToVariable = true }
            if !expression.subqueries.isEmpty { refersToVariable = true }
        }
        if refersToVariable {
            throw failure("It is not allowed to refer to variables in \(keyword)")
        }
        if case .literal(.integer(let number)) = value, number < 0 {
            throw failure("Invalid input. '\(number)' is not a valid value. Must be a non-negative integer.")
        }
    }

    func isVariable(_ expression: Expression) -> Bool {
        if case .variable = expression { return true }
        return false
    }

    func patternAsValue() -> ServerError {
        failure(
            "A pattern expression should only be used in order to test the existence of a pattern; "
                + "use a pattern comprehension or COUNT { } to use its matches as a value"
        )
    }
}
