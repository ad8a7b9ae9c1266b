import GraphValue
import Host

/// Runs a sequence of operators over input rows, pushing rows through them one at a time.
enum Pipeline {
    /// Runs `operators` over `input` and returns the rows of the last one.
    ///
    /// - Throws: the first step's error; `MemoryPoolOutOfMemoryError` when the output grows past
    ///   the row limit.
    ///
    /// With `profiler`, each step's input is counted and its store work charged to it, under the
    /// given `UNION` part.
    static func run(
        _ operators: [any Operator],
        _ input: [Row],
        _ context: ExecutionContext,
        profiler: (QueryProfiler, part: Int)? = nil
    ) throws -> [Row] {
        let collector = Collector(budget: context.budget)
        var consumer: any RowConsumer = collector
        if let (profiler, part) = profiler {
            consumer = profiler.wrap(consumer, step: PlanStepID(part: part, index: operators.count))
        }
        for (index, step) in fusingEagerRuns(operators).reversed() {
            consumer = try step.makeConsumer(context, downstream: consumer)
            if let (profiler, part) = profiler {
                consumer = profiler.wrap(consumer, step: PlanStepID(part: part, index: index))
            }
        }
        try emit(input, to: consumer, context)
        try consumer.finish()
        return collector.rows
    }

    /// Replaces each run of two or more consecutive ``EagerOperator``s with one ``EagerSequence``,
    /// and pairs every step with the index of its first operator in `operators`.
    ///
    /// Each consumer calls the next one, so the stack grows with the number of consumers. A run of
    /// eager steps gives the same rows as one consumer that runs them in turn, so a script of
    /// hundreds of CREATE clauses needs one stack frame instead of hundreds.
    ///
    /// NOTE: PROFILE charges the rows and store calls of a fused run to the run's first operator.
    static func fusingEagerRuns(_ operators: [any Operator]) -> [(index: Int, step: any Operator)] {
        var fused: [(index: Int, step: any Operator)] = []
        var run: [any EagerOperator] = []
        var runStart = 0
        func closeRun() {
            if run.count == 1 { fused.append((runStart, run[0])) }
            if run.count > 1 { fused.append((runStart, EagerSequence(steps: run))) }
            run = []
        }
        for (index, step) in operators.enumerated() {
            if let eager = step as? any EagerOperator {
                if run.isEmpty { runStart = index }
                run.append(eager)
            } else {
                closeRun()
                fused.append((index, step))
            }
        }
        closeRun()
        return fused
    }

    /// Feeds `rows` to `consumer` until it needs no more.
    static func emit(_ rows: [Row], to consumer: any RowConsumer, _ context: ExecutionContext) throws {
        for row in rows {
            try context.budget.checkpoint()
            if try !consumer.consume(row) { return }
        }
    }

    /// The end of a pipeline, which keeps every row.
    final class Collector: RowConsumer {
        private let budget: ExecutionBudget
        private(set) var rows: [Row] = []

        init(budget: ExecutionBudget) { self.budget = budget }

        func consume(_ row: Row) throws -> Bool {
            rows.append(row)
            try budget.checkCount(rows.count)
            return true
        }

        func finish() throws {}
    }
}

/// A consumer that turns each input row into any number of output rows as it arrives.
///
/// `transform` returns false once `downstream` wants no more rows.
final class StreamingConsumer: RowConsumer {
    typealias Transform = (Row, _ emit: (Row) throws -> Bool) throws -> Bool

    private let context: ExecutionContext
    private let downstream: any RowConsumer
    private let transform: Transform

    init(context: ExecutionContext, downstream: any RowConsumer, transform: @escaping Transform) {
        self.context = context
        self.downstream = downstream
        self.transform = transform
    }

    func consume(_ row: Row) throws -> Bool {
        let context = context
        let downstream = downstream
        return try transform(row) { output in
            try context.budget.checkpoint()
            context.rowsProduced += 1
            return try downstream.consume(output)
        }
    }

    func finish() throws { try downstream.finish() }
}

/// Consecutive eager steps run as one: each step gets every output row of the step before it,
/// as separate ``EagerConsumer``s would pass them on.
struct EagerSequence: EagerOperator {
    let steps: [any EagerOperator]
    var description: String { steps.map(\.description).joined(separator: ", ") }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        var current = rows
        for step in steps {
            current = try step.execute(current, context)
            try context.budget.checkCount(current.count)
        }
        return current
    }
}
