import Cypher
import Host

/// Plans the projection of `WITH`, `RETURN` and `SHOW ... RETURN`.
enum ProjectionPlanner {
    /// Plans a projection after checking its variables, column names, bounds and aggregates.
    ///
    /// - Parameters:
    ///   - scope: the variables the projection may read.
    ///   - orderedScope: the same variables in the order `*` lists them.
    ///   - requireAliases: true for `WITH`, where every expression other than a variable needs `AS`.
    static func plan(
        _ projection: Projection,
        scope: Set<String>,
        orderedScope: [String],
        requireAliases: Bool = false
    ) throws(ServerError) -> ProjectionOperator {
        var items: [ProjectionOperator.Item] = []
        if projection.includesAll {
            // `WITH *` may pass on an empty scope; `RETURN *` would return nothing.
            if orderedScope.isEmpty && !requireAliases {
                throw ServerError(.syntaxError, "RETURN * is not allowed when there are no variables in scope")
            }
            items += orderedScope.sorted().map { .init(name: $0, expression: .variable($0), isAggregate: false) }
        }
        for item in projection.items {
            try ExpressionAnalysis.checkDefined(item.expression, in: scope)
            if requireAliases, item.alias == nil {
                guard case .variable = item.expression else {
                    throw ServerError(.syntaxError, "Expression in WITH must be aliased (use AS)")
                }
            }
            let isAggregate = ExpressionAnalysis.containsAggregate(item.expression)
            items.append(.init(name: item.name, expression: item.expression, isAggregate: isAggregate))
        }

        var names: Set<String> = []
        for item in items where !names.insert(item.name).inserted {
            throw ServerError(.syntaxError, "Multiple result columns with the same name are not supported")
        }

        let visible = scope.union(names)
        for sortItem in projection.orderBy {
            try ExpressionAnalysis.checkDefined(sortItem.expression, in: visible)
        }

        for bound in [projection.skip, projection.limit].compactMap({ $0 }) {
            if !ExpressionAnalysis.freeVariables(bound).isEmpty {
                throw ServerError(
                    .syntaxError,
                    "It is not allowed to refer to variables in SKIP or LIMIT"
                )
            }
            try checkLiteralCount(bound)
        }

        var aggregates: [Expression] = []
        let expressions = items.map(\.expression) + projection.orderBy.map(\.expression)
        for call in expressions.flatMap(ExpressionAnalysis.aggregateCalls) where !aggregates.contains(call) {
            try checkAggregateCall(call)
            aggregates.append(call)
        }

        return ProjectionOperator(
            items: items,
            distinct: projection.distinct,
            orderBy: projection.orderBy,
            skip: projection.skip,
            limit: projection.limit,
            aggregates: aggregates
        )
    }

    /// Rejects a literal SKIP or LIMIT that is not a non-negative integer at compile time, as Neo4j
    /// does. A parameter is checked when the query runs.
    private static func checkLiteralCount(_ bound: Expression) throws(ServerError) {
        let literal: Literal
        var negative = false
        switch bound {
        case .literal(let value):
            literal = value
        case .unary(.negate, .literal(let value)):
            literal = value
            negative = true
        default:
            return
        }
        let valid: Bool
        let text: String
        switch literal {
        case .integer(let count):
            valid = count == 0 || (count > 0) != negative
            text = (negative ? "-" : "") + String(count)
        case .float(let number):
            valid = false
            text = (negative ? "-" : "") + String(number)
        default:
            valid = false
            text = "\(literal)"
        }
        if !valid {
            throw ServerError(
                .syntaxError,
                "Invalid input. '\(text)' is not a valid value. Must be a non-negative integer."
            )
        }
    }

    private static func checkAggregateCall(_ call: Expression) throws(ServerError) {
        guard case .functionCall(let function) = call else { return }
        let expected = AggregateKind(functionName: function.lookupName)?.argumentCount ?? 1
        if function.arguments.count != expected {
            let count = expected == 1 ? "exactly one argument" : "exactly \(expected) arguments"
            throw ServerError(.syntaxError, "Function \(function.name)() takes \(count)")
        }
        if function.arguments.contains(where: ExpressionAnalysis.containsAggregate) {
            throw ServerError(
                .syntaxError,
                "Can't use aggregate functions inside of aggregate functions."
            )
        }
    }
}
