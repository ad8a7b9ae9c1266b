import Cypher
import GraphValue
import Host

/// The projection of `WITH` and `RETURN`: items, grouping with aggregates, DISTINCT, ORDER BY,
/// SKIP and LIMIT, in that order.
///
/// Output rows hold only the projected names, so later clauses see exactly the projected scope.
/// Without aggregates and ORDER BY it streams, and a LIMIT stops the reading clauses before it
/// once it has its rows.
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
    struct Projected {
        var values: Row
        var sortRow: Row
        var substitutions: [Expression: Value]
    }

    func makeConsumer(_ context: ExecutionContext, downstream: any RowConsumer) throws -> any RowConsumer {
        let evaluator = Evaluator(context)
        let skipCount = try skip.map { try Self.count(evaluator.evaluate($0, [:]), clause: "SKIP") } ?? 0
        let limitCount = try limit.map { try Self.count(evaluator.evaluate($0, [:]), clause: "LIMIT") }
        let window = Window(skip: skipCount, limit: limitCount)
        if isAggregating || !orderBy.isEmpty {
            return AccumulatingProjection(self, context, window: window, downstream: downstream)
        }
        return StreamingProjection(self, context, window: window, downstream: downstream)
    }

    /// The rows SKIP and LIMIT keep.
    struct Window {
        let skip: Int
        let limit: Int?
    }

    /// Projects one input row.
    func project(_ row: Row, _ evaluator: Evaluator) throws -> Projected {
        var values: Row = [:]
        var substitutions: [Expression: Value] = [:]
        for item in items {
            let value = try evaluator.evaluate(item.expression, row)
            values[item.name] = value
            substitutions[item.expression] = value
        }
        return Projected(values: values, sortRow: row.merging(values) { _, new in new }, substitutions: substitutions)
    }

    /// The key DISTINCT compares rows by.
    func distinctKey(_ entry: Projected) -> EquivalenceKey {
        EquivalenceKey(.list(items.map { entry.values[$0.name] ?? .null }))
    }

    /// True when `WITH ... WHERE` keeps the row.
    func passes(_ entry: Projected, _ context: ExecutionContext) throws -> Bool {
        guard let predicate else { return true }
        return try Evaluator(context, substitutions: entry.substitutions).isTrue(predicate, entry.sortRow)
    }

    static func makeAggregator(_ call: Expression, maximumItems: Int) -> Aggregator {
        guard case .functionCall(let function) = call, let kind = AggregateKind(functionName: function.lookupName)
        else {
            return Aggregator(kind: .count, distinct: false, maximumItems: maximumItems)
        }
        return Aggregator(kind: kind, distinct: function.distinct, maximumItems: maximumItems)
    }

    /// Evaluates the arguments of an aggregate call for one row; `count(*)` gets one non-null value.
    static func inputs(of call: Expression, _ row: Row, _ evaluator: Evaluator) throws -> [Value] {
        guard case .functionCall(let function) = call else { return [.integer(1)] }
        let expected = AggregateKind(functionName: function.lookupName)?.argumentCount ?? 1
        guard function.arguments.count == expected else {
            let count = expected == 1 ? "exactly one argument" : "exactly \(expected) arguments"
            throw ServerError(.syntaxError, "Function \(function.name)() takes \(count)")
        }
        return try function.arguments.map { argument in try evaluator.evaluate(argument, row) }
    }

    /// A SKIP or LIMIT count, which must be a non-negative integer.
    ///
    /// NOTE: For a negative or float parameter the openCypher TCK expects `SyntaxError`, but
    /// Neo4j 4 and 5 raise `ArgumentError` (`InvalidArgumentException`), which this follows.
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
