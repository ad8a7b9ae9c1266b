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
        let procedure = try procedures.procedure(named: call.qualifiedName)
        let arguments = try callArguments(call, procedure)
        for argument in arguments {
            try ExpressionAnalysis.checkDefined(argument, in: scopeSet)
            if ExpressionAnalysis.containsAggregate(argument) {
                throw ServerError(
                    .syntaxError,
                    "Procedure call cannot take an aggregating function as argument, "
                        + "please add a 'WITH' to your statement."
                )
            }
        }
        for (argument, parameter) in zip(arguments, procedure.parameters) {
            guard case .literal(let literal) = argument else { continue }
            let value = Self.value(of: literal)
            if !parameter.type.accepts(value) {
                throw ServerError(
                    .syntaxError,
                    "Type mismatch: expected \(parameter.type) but was \(value.typeName) for the argument "
                        + "`\(parameter.name)` of \(procedure.name)"
                )
            }
        }
        let bindings = try yieldBindings(call, procedure)
        for binding in bindings where scope.contains(binding.variable) {
            throw ServerError(.syntaxError, "Variable `\(binding.variable)` already declared")
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

    /// Returns the arguments as written, or for a standalone call without parentheses the
    /// parameters named like the procedure's inputs.
    private func callArguments(_ call: ProcedureCall, _ procedure: ProcedureDefinition) throws(ServerError)
        -> [Expression]
    {
        guard let arguments = call.arguments else {
            if !standalone && !procedure.parameters.isEmpty {
                throw ServerError(
                    .syntaxError,
                    "Procedure call inside a query does not support passing arguments implicitly "
                        + "(pass explicitly after procedure name instead)"
                )
            }
            return procedure.parameters.map { Expression.parameter($0.name) }
        }
        if arguments.count != procedure.parameters.count {
            let signature = procedure.parameters.map { "\($0.name) :: \($0.type)" }.joined(separator: ", ")
            throw ServerError(
                .syntaxError,
                "Procedure call provides \(arguments.count) arguments, but \(procedure.name) takes "
                    + "\(procedure.parameters.count): \(procedure.name)(\(signature))"
            )
        }
        return arguments
    }

    /// Returns the output fields a call binds and the variable each binds, checking `YIELD`
    /// against the procedure's outputs.
    private func yieldBindings(_ call: ProcedureCall, _ procedure: ProcedureDefinition) throws(ServerError)
        -> [(field: String, variable: String)]
    {
        guard let yield = call.yield else {
            // A VOID procedure binds nothing, so it needs no YIELD inside a query.
            if standalone || procedure.outputs.isEmpty { return procedure.outputNames.map { ($0, $0) } }
            throw ServerError(
                .syntaxError,
                "Procedure call inside a query does not support naming results implicitly "
                    + "(name explicitly using `YIELD` instead)"
            )
        }
        if procedure.outputs.isEmpty {
            throw ServerError(.syntaxError, "Cannot yield value from void procedure `\(procedure.name)`.")
        }
        if yield.all { return procedure.outputNames.map { ($0, $0) } }
        var seen: Set<String> = []
        for item in yield.items {
            if !procedure.outputNames.contains(item.field) {
                throw ServerError(.syntaxError, "Unknown procedure output: `\(item.field)`")
            }
            if !seen.insert(item.name).inserted {
                throw ServerError(.syntaxError, "Variable `\(item.name)` already declared")
            }
        }
        return yield.items.map { ($0.field, $0.name) }
    }

    private static func value(of literal: Literal) -> Value {
        switch literal {
        case .null: .null
        case .boolean(let flag): .boolean(flag)
        case .integer(let integer): .integer(integer)
        case .float(let float): .float(float)
        case .string(let text): .string(text)
        }
    }
}
