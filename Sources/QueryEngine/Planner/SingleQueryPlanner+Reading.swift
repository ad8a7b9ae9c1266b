import Cypher
import GraphValue
import Host

extension SingleQueryPlanner {
    mutating func planMatch(_ match: Match) throws(ServerError) {
        let before = scopeSet
        var introduced: [String] = []
        for part in match.pattern.parts {
            if part.selector != .all {
                throw ServerError(.semanticError, "shortestPath and allShortestPaths are not supported by this server")
            }
            let names =
                [part.variable].compactMap { $0 } + part.element.nodes.compactMap(\.variable)
                + part.element.chain.compactMap(\.relationship.variable)
            for name in names where !before.contains(name) && !introduced.contains(name) { introduced.append(name) }
        }
        let visible = before.union(introduced)
        for part in match.pattern.parts {
            try ExpressionAnalysis.checkDefined(.patternPredicate(part.element), in: visible)
        }
        if let predicate = match.predicate {
            try ExpressionAnalysis.checkDefined(predicate, in: visible)
            if ExpressionAnalysis.containsAggregate(predicate) {
                throw ServerError(.syntaxError, "Invalid use of aggregating function in WHERE")
            }
        }
        let hints = match.predicate.map {
            Self.indexHints($0, match.pattern, introduced: Set(introduced), scope: before)
        }
        operators.append(
            MatchOperator(
                pattern: match.pattern,
                predicate: match.predicate,
                optional: match.optional,
                introducedVariables: introduced,
                indexHints: hints ?? [:]
            )
        )
        introduce(introduced)
    }

    /// Finds equalities among the top-level conjuncts of WHERE that select a new node directly:
    /// `n.key = value` for a labelled `n`, `id(n) = value` and `elementId(n) = value`, where
    /// `value` reads only variables bound before the MATCH.
    static func indexHints(
        _ predicate: Expression,
        _ pattern: Pattern,
        introduced: Set<String>,
        scope: Set<String>
    ) -> [String: MatchOperator.IndexHint] {
        let nodes = pattern.parts.flatMap(\.element.nodes)
        let nodeVariables = Set(nodes.compactMap(\.variable)).intersection(introduced)
        let labelled = Set(nodes.filter { !$0.labels.isEmpty }.compactMap(\.variable))
        var hints: [String: MatchOperator.IndexHint] = [:]
        for conjunct in conjuncts(predicate) {
            guard case .binary(.equal, let lhs, let rhs) = conjunct else { continue }
            for (side, other) in [(lhs, rhs), (rhs, lhs)] {
                guard ExpressionAnalysis.freeVariables(other).isSubset(of: scope),
                    !ExpressionAnalysis.containsAggregate(other)
                else { continue }
                switch side {
                case .property(.variable(let name), let key)
                where nodeVariables.contains(name) && labelled.contains(name):
                    // An id lookup beats a property lookup, so it is never replaced.
                    if hints[name] == nil { hints[name] = .init(kind: .property(key), value: other) }
                case .functionCall(let call) where call.arguments.count == 1:
                    guard case .variable(let name) = call.arguments[0], nodeVariables.contains(name) else { continue }
                    if call.lookupName == "id" { hints[name] = .init(kind: .id, value: other) }
                    if call.lookupName == "elementid" { hints[name] = .init(kind: .elementID, value: other) }
                default:
                    continue
                }
            }
        }
        return hints
    }

    private static func conjuncts(_ expression: Expression) -> [Expression] {
        if case .binary(.and, let lhs, let rhs) = expression { return conjuncts(lhs) + conjuncts(rhs) }
        return [expression]
    }

    mutating func planCall(_ call: ProcedureCall, isLast: Bool) throws(ServerError) {
        let procedure = try ProcedureRegistry.procedure(named: call.qualifiedName)
        let arguments = call.arguments ?? procedure.parameters.map { Expression.parameter($0) }
        if arguments.count != procedure.parameters.count {
            throw ServerError(
                .syntaxError,
                "Procedure call provides \(arguments.count) arguments, but \(procedure.name) takes "
                    + "\(procedure.parameters.count)"
            )
        }
        for argument in arguments { try ExpressionAnalysis.checkDefined(argument, in: scopeSet) }
        let bindings: [(field: String, variable: String)]
        if let yield = call.yield, !yield.all {
            for item in yield.items where !procedure.outputs.contains(item.field) {
                throw ServerError(.syntaxError, "Unknown procedure output: `\(item.field)`")
            }
            bindings = yield.items.map { ($0.field, $0.name) }
        } else if call.yield != nil || standalone {
            bindings = procedure.outputs.map { ($0, $0) }
        } else {
            throw ServerError(
                .syntaxError,
                "Procedure call inside a query does not support naming results implicitly "
                    + "(name explicitly using `YIELD` instead)"
            )
        }
        introduce(bindings.map(\.variable))
        if let predicate = call.yield?.predicate { try ExpressionAnalysis.checkDefined(predicate, in: scopeSet) }
        operators.append(
            CallOperator(
                procedure: procedure,
                arguments: arguments,
                bindings: bindings,
                predicate: call.yield?.predicate
            )
        )
        if standalone {
            let items = bindings.map {
                ProjectionOperator.Item(name: $0.variable, expression: .variable($0.variable), isAggregate: false)
            }
            let projection = ProjectionOperator(
                items: items,
                distinct: false,
                orderBy: [],
                skip: nil,
                limit: nil,
                aggregates: []
            )
            operators.append(projection)
            setColumns(projection.columns)
        }
    }
}
