import Host

/// Checks of aggregating projections: nested aggregates, implicit grouping keys, and what
/// ORDER BY may still name once rows are grouped.
extension Analyzer {
    /// Rejects an aggregating item that also uses a variable outside its aggregate functions,
    /// unless that variable or property lookup is itself a grouping key of the projection.
    /// A longer grouping key such as `a.x + b.y` does not count, as in Neo4j: `a.x + b.y + count(*)`
    /// is ambiguous.
    func checkGroupingKeys(_ items: [ProjectionItem]) throws(ServerError) {
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
            if isAggregate(next) || (isVariableOrLookup(next) && keys.contains(next)) { continue }
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

    /// Checks an ORDER BY expression of an aggregating projection. Only the projected columns
    /// remain after grouping, so the expression may name a column or repeat a whole projected
    /// expression, and its aggregates may combine only with columns and projected lookups.
    func checkAggregatingSortKey(_ expression: Expression, items: [ProjectionItem], columns: Scope)
        throws(ServerError)
    {
        let projected = items.map(\.expression)
        var pending = [expression]
        while let next = pending.popLast() {
            if projected.contains(next) { continue }
            switch next {
            case .variable(let name):
                if !columns.contains(name) { throw undefined(name) }
            case .existsSubquery, .countSubquery, .collectSubquery, .listComprehension, .quantifier, .reduce,
                .patternComprehension, .patternPredicate, .mapProjection:
                // Local variables make these hard to judge; accept them.
                continue
            default:
                pending.append(contentsOf: next.children.reversed())
            }
        }
        guard containsAggregate(expression) else { return }
        let keys = projected.filter { !containsAggregate($0) } + columns.variables.keys.map { Expression.variable($0) }
        if let offending = ungroupedReference(in: expression, keys: keys) {
            throw failure(
                "Aggregation column contains implicit grouping expressions: `\(offending)` in ORDER BY "
                    + "must be projected as a grouping key of its own"
            )
        }
    }

    private func isVariableOrLookup(_ expression: Expression) -> Bool {
        switch expression {
        case .variable, .property(.variable, _): true
        default: false
        }
    }

    /// True when `expression` calls `rand()`, whose value changes from row to row, so an
    /// aggregate over it would not be reproducible; Neo4j rejects it at compile time.
    func containsRandomFunction(_ expression: Expression) -> Bool {
        var found = false
        expression.forEachDescendant { descendant in
            if case .functionCall(let call) = descendant, call.namespace.isEmpty, call.lookupName == "rand" {
                found = true
            }
        }
        return found
    }
}
