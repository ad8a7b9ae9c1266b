import Cypher
import GraphValue
import Host

/// A projection without aggregates or ORDER BY: each row goes downstream as it arrives, and
/// the input stops once LIMIT has its rows.
final class StreamingProjection: RowConsumer {
    private let projection: ProjectionOperator
    private let context: ExecutionContext
    private let evaluator: Evaluator
    private let window: ProjectionOperator.Window
    private let downstream: any RowConsumer
    private var seen: Set<EquivalenceKey> = []
    private var skipped = 0
    private var taken = 0

    init(
        _ projection: ProjectionOperator,
        _ context: ExecutionContext,
        window: ProjectionOperator.Window,
        downstream: any RowConsumer
    ) {
        self.projection = projection
        self.context = context
        self.evaluator = Evaluator(context)
        self.window = window
        self.downstream = downstream
    }

    private var isFull: Bool { window.limit.map { taken >= $0 } ?? false }

    func consume(_ row: Row) throws -> Bool {
        if isFull { return false }
        let entry = try projection.project(row, evaluator)
        if projection.distinct {
            guard seen.insert(projection.distinctKey(entry)).inserted else { return true }
            try context.budget.checkCount(seen.count)
        }
        if skipped < window.skip {
            skipped += 1
            return true
        }
        // LIMIT counts the rows before `WITH ... WHERE` filters them.
        taken += 1
        if try projection.passes(entry, context), try !downstream.consume(entry.values) { return false }
        return !isFull
    }

    func finish() throws { try downstream.finish() }
}

/// A projection with aggregates or ORDER BY, which needs all of its input before it emits a row.
///
/// Aggregation keeps one state per group, not the input rows.
final class AccumulatingProjection: RowConsumer {
    private struct Group {
        var representative: Row
        var aggregators: [Aggregator]
    }

    private let projection: ProjectionOperator
    private let context: ExecutionContext
    private let evaluator: Evaluator
    private let window: ProjectionOperator.Window
    private let downstream: any RowConsumer
    private let keyItems: [ProjectionOperator.Item]
    private var groupIndex: [EquivalenceKey: Int] = [:]
    private var groups: [Group] = []
    private var projected: [ProjectionOperator.Projected] = []

    init(
        _ projection: ProjectionOperator,
        _ context: ExecutionContext,
        window: ProjectionOperator.Window,
        downstream: any RowConsumer
    ) {
        self.projection = projection
        self.context = context
        self.evaluator = Evaluator(context)
        self.window = window
        self.downstream = downstream
        self.keyItems = projection.items.filter { !$0.isAggregate }
    }

    func consume(_ row: Row) throws -> Bool {
        guard projection.isAggregating else {
            projected.append(try projection.project(row, evaluator))
            try context.budget.checkCount(projected.count)
            return true
        }
        let key = EquivalenceKey(.list(try keyItems.map { try evaluator.evaluate($0.expression, row) }))
        let index: Int
        if let existing = groupIndex[key] {
            index = existing
        } else {
            index = groups.count
            groupIndex[key] = index
            groups.append(Group(representative: row, aggregators: makeAggregators()))
            try context.budget.checkCount(groups.count)
        }
        for (position, call) in projection.aggregates.enumerated() {
            try groups[index].aggregators[position].add(ProjectionOperator.inputs(of: call, row, evaluator))
        }
        return true
    }

    func finish() throws {
        var entries = projection.isAggregating ? try groupResults() : projected
        projected = []
        if projection.distinct {
            var seen: Set<EquivalenceKey> = []
            var unique: [ProjectionOperator.Projected] = []
            for entry in entries where seen.insert(projection.distinctKey(entry)).inserted {
                try context.budget.checkpoint()
                unique.append(entry)
            }
            entries = unique
        }
        if !projection.orderBy.isEmpty { entries = try sort(entries) }
        var kept = entries.dropFirst(window.skip)
        if let limit = window.limit { kept = kept.prefix(limit) }
        for entry in kept {
            try context.budget.checkpoint()
            guard try projection.passes(entry, context) else { continue }
            if try !downstream.consume(entry.values) { break }
        }
        try downstream.finish()
    }

    private func makeAggregators() -> [Aggregator] {
        projection.aggregates.map {
            ProjectionOperator.makeAggregator($0, maximumItems: context.budget.limits.maximumRows)
        }
    }

    private func groupResults() throws -> [ProjectionOperator.Projected] {
        // Aggregating without grouping keys yields one row even for no input, such as count 0.
        if groups.isEmpty && keyItems.isEmpty {
            groups.append(Group(representative: [:], aggregators: makeAggregators()))
        }
        return try groups.map { group in
            var substitutions: [Expression: Value] = [:]
            for (position, call) in projection.aggregates.enumerated() {
                substitutions[call] = try group.aggregators[position].result()
            }
            let groupEvaluator = Evaluator(context, substitutions: substitutions)
            var values: Row = [:]
            for item in projection.items {
                let value = try groupEvaluator.evaluate(item.expression, group.representative)
                values[item.name] = value
                substitutions[item.expression] = value
            }
            return ProjectionOperator.Projected(values: values, sortRow: values, substitutions: substitutions)
        }
    }

    private func sort(_ entries: [ProjectionOperator.Projected]) throws -> [ProjectionOperator.Projected] {
        let orderBy = projection.orderBy
        let keys: [[Value]] = try entries.map { entry in
            try context.budget.checkpoint()
            let evaluator = Evaluator(context, substitutions: entry.substitutions)
            return try orderBy.map { try evaluator.evaluate($0.expression, entry.sortRow) }
        }
        let budget = context.budget
        let order = try entries.indices.sorted { a, b in
            try budget.checkpoint()
            for (position, item) in orderBy.enumerated() {
                let result = GlobalOrder.compare(keys[a][position], keys[b][position])
                if result != 0 { return item.ascending ? result < 0 : result > 0 }
            }
            return a < b
        }
        return order.map { entries[$0] }
    }
}
