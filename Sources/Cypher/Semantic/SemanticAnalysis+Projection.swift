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
            try check(item.expression, in: scope)
            if case .patternPredicate = item.expression { throw patternAsValue() }
            if requireAliases, item.alias == nil, !isVariable(item.expression) {
                throw failure("Expression in WITH must be aliased (use AS)")
            }
            guard names.insert(item.name).inserted else {
                throw failure("Multiple result columns with the same name are not supported")
            }
            aggregates = aggregates || containsAggregate(item.expression)
            result[item.name] = kind(of: item.expression, in: scope)
        }
        if aggregates { try checkGroupingKeys(projection.items) }
        // ORDER BY may also name variables from before the projection. Neo4j narrows this for
        // aggregating projections to expressions over grouping keys; this check stays permissive.
        var orderScope = result
        for (name, kind) in scope.variables where orderScope[name] == nil { orderScope[name] = kind }
        for sort in projection.orderBy {
            try check(sort.expression, in: orderScope)
            if !aggregates, containsAggregate(sort.expression) {
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

    func kind(of expression: Expression, in scope: Scope) -> VariableKind {
        switch expression {
        case .variable(let name): return scope[name] ?? .value
        case .literal(.boolean): return .boolean
        case .literal(.integer): return .integer
        case .literal(.float): return .float
        case .literal(.string): return .string
        case .list, .listComprehension, .patternComprehension: return .list
        case .map, .mapProjection: return .map
        default: return .value
        }
    }

    /// Rejects an aggregating item that also uses a variable outside its aggregate functions,
    /// unless that variable or property lookup is itself a grouping key of the projection.
    private func checkGroupingKeys(_ items: [ProjectionItem]) throws(ServerError) {
        let keys = items.map(\.expression).filter { !containsAggregate($0) }
        for item in items where containsAggregate(item.expression) {
            if let offending = ungroupedReference(in: item.expression, keys: keys) {
                throw failure(
                    "Aggregation column contains implicit grouping expressions: `\(offending)` in `\(item.text)` "
                        + "must be projected as a grouping key of its own"
                )
            }
        }
    }

    /// Walks with an explicit stack, depth first, so that a long chain does not recurse.
    private func ungroupedReference(in expression: Expression, keys: [Expression]) -> String? {
        var pending = [expression]
        while let next = pending.popLast() {
            if isAggregate(next) || keys.contains(next) { continue }
            switch next {
            case .variable(let name):
                return name
            case .property(.variable(let name), _):
                if !keys.contains(.variable(name)) { return name }
            case .existsSubquery, .countSubquery, .collectSubquery, .listComprehension, .quantifier, .reduce,
                .patternComprehension, .patternPredicate:
                // Local variables make these hard to judge; accept them.
                continue
            default:
                pending.append(contentsOf: next.children.reversed())
            }
        }
        return nil
    }

    func containsAggregate(_ expression: Expression) -> Bool {
        var found = false
        expression.forEachDescendant { descendant in
            if isAggregate(descendant) { found = true }
        }
        return found
    }

    func isAggregate(_ expression: Expression) -> Bool {
        switch expression {
        case .countStar: return true
        case .functionCall(let call): return call.namespace.isEmpty && Self.aggregateFunctions.contains(call.lookupName)
        default: return false
        }
    }

    func checkNoAggregate(_ expression: Expression, context: String) throws(ServerError) {
        if containsAggregate(expression) {
            throw failure("Invalid use of aggregating function in \(context)")
        }
    }

    func patternAsValue() -> ServerError {
        failure(
            "A pattern expression should only be used in order to test the existence of a pattern; "
                + "use a pattern comprehension or COUNT { } to use its matches as a value"
        )
    }
}
