import Cypher
import GraphValue
import Host

/// The projection of `WITH` and `RETURN`: items, grouping with aggregates, DISTINCT, ORDER BY,
/// SKIP and LIMIT, in that order.
///
/// Output rows hold only the projected names, so later clauses see exactly the projected scope.
struct ProjectionOperator: Operator {
    struct Item: Sendable {
        let name: String
        let expression: Expression
        let isAggregate: Bool
    }

    let items: [Item]
    let distinct: Bool
    let orderBy: [SortItem]
    let skip: Expression?
    let limit: Expression?
    /// Every aggregate call in the items and in ORDER BY, each computed once per group.
    let aggregates: [Expression]
    /// The WHERE of `WITH ... WHERE`, applied after LIMIT. Like ORDER BY, it may read the
    /// variables from before the projection as well as the projected ones.
    var predicate: Expression? = nil

    var columns: [String] { items.map(\.name) }
    var isAggregating: Bool { !aggregates.isEmpty }
    var description: String { isAggregating ? "EagerAggregation" : "Projection" }

    /// One output row before ordering: the projected values, and what ORDER BY may refer to.
    private struct Projected {
        var values: Row
        var sortRow: Row
        var substitutions: [Expression: Value]
    }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        var projected = try isAggregating ? aggregate(rows, context) : project(rows, context)
        if distinct {
            var seen: Set<EquivalenceKey> = []
            let names = columns
            projected = projected.filter { entry in
                seen.insert(EquivalenceKey(.list(names.map { entry.values[$0] ?? .null }))).inserted
            }
        }
        if !orderBy.isEmpty { projected = try sort(projected, context) }
        let evaluator = Evaluator(context)
        let skipCount = try skip.map { try Self.count(evaluator.evaluate($0, [:]), clause: "SKIP") } ?? 0
        var kept = Array(projected.dropFirst(skipCount))
        if let limit {
            kept = Array(kept.prefix(try Self.count(evaluator.evaluate(limit, [:]), clause: "LIMIT")))
        }
        if let predicate {
            kept = try kept.filter { entry in
                try Evaluator(context, substitutions: entry.substitutions).isTrue(predicate, entry.sortRow)
            }
        }
        return kept.map(\.values)
    }

    private func project(_ rows: [Row], _ context: ExecutionContext) throws -> [Projected] {
        let evaluator = Evaluator(context)
        return try rows.map { row in
            var values: Row = [:]
            var substitutions: [Expression: Value] = [:]
            for item in items {
                let value = try evaluator.evaluate(item.expression, row)
                values[item.name] = value
                substitutions[item.expression] = value
            }
            return Projected(
                values: values,
                sortRow: row.merging(values) { _, new in new },
                substitutions: substitutions
            )
        }
    }

    private struct Group {
        var representative: Row
        var aggregators: [Aggregator]
    }

    private func aggregate(_ rows: [Row], _ context: ExecutionContext) throws -> [Projected] {
        let evaluator = Evaluator(context)
        let keyItems = items.filter { !$0.isAggregate }
        var groups: [EquivalenceKey: Int] = [:]
        var ordered: [Group] = []
        for row in rows {
            let key = EquivalenceKey(.list(try keyItems.map { try evaluator.evaluate($0.expression, row) }))
            let index: Int
            if let existing = groups[key] {
                index = existing
            } else {
                index = ordered.count
                groups[key] = index
                ordered.append(Group(representative: row, aggregators: aggregates.map(Self.makeAggregator)))
            }
            for (position, call) in aggregates.enumerated() {
                try ordered[index].aggregators[position].add(Self.input(of: call, row, evaluator))
            }
        }
        // Aggregating without grouping keys yields one row even for no input, such as count 0.
        if ordered.isEmpty && keyItems.isEmpty {
            ordered.append(Group(representative: [:], aggregators: aggregates.map(Self.makeAggregator)))
        }
        return try ordered.map { group in
            var substitutions: [Expression: Value] = [:]
            for (position, call) in aggregates.enumerated() {
                substitutions[call] = group.aggregators[position].result()
            }
            let groupEvaluator = Evaluator(context, substitutions: substitutions)
            var values: Row = [:]
            for item in items {
                let value = try groupEvaluator.evaluate(item.expression, group.representative)
                values[item.name] = value
                substitutions[item.expression] = value
            }
            return Projected(values: values, sortRow: values, substitutions: substitutions)
        }
    }

    private static func makeAggregator(_ call: Expression) -> Aggregator {
        guard case .functionCall(let function) = call, let kind = AggregateKind(functionName: function.lookupName)
        else {
            return Aggregator(kind: .count, distinct: false)
        }
        return Aggregator(kind: kind, distinct: function.distinct)
    }

    private static func input(of call: Expression, _ row: Row, _ evaluator: Evaluator) throws -> Value {
        guard case .functionCall(let function) = call else { return .integer(1) }
        guard function.arguments.count == 1 else {
            throw ServerError(.syntaxError, "Function \(function.name)() takes exactly one argument")
        }
        return try evaluator.evaluate(function.arguments[0], row)
    }

    private func sort(_ projected: [Projected], _ context: ExecutionContext) throws -> [Projected] {
        let keys: [[Value]] = try projected.map { entry in
            let evaluator = Evaluator(context, substitutions: entry.substitutions)
            return try orderBy.map { try evaluator.evaluate($0.expression, entry.sortRow) }
        }
        let order = projected.indices.sorted { a, b in
            for (position, item) in orderBy.enumerated() {
                let result = GlobalOrder.compare(keys[a][position], keys[b][position])
                if result != 0 { return item.ascending ? result < 0 : result > 0 }
            }
            return a < b
        }
        return order.map { projected[$0] }
    }

    /// A SKIP or LIMIT count, which must be a non-negative integer.
    static func count(_ value: Value, clause: String) throws -> Int {
        guard case .integer(let count) = value, count >= 0 else {
            throw ServerError(
                .argumentError,
                "Invalid input. '\(ValueText.string(value))' is not a valid value. Must be a non-negative integer."
            )
        }
        return Int(clamping: count)
    }
}
