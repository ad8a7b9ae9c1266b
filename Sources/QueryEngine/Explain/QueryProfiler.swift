import GraphValue
import Host

/// Counts, for `PROFILE`, the rows each pipeline step produces and the store reads and writes
/// it makes while it has control.
///
/// Rows flow through a pipeline by nested calls, so a step that emits a row runs the next step
/// before it continues. Each step's input is wrapped in a ``ProfiledConsumer`` that marks the
/// step as the one running, and store operations are charged to the step marked when they
/// happen.
final class QueryProfiler {
    private let context: ExecutionContext
    /// The rows that entered each step, which are the rows the step before it produced.
    private var inputRows: [PlanStepID: Int64] = [:]
    private var dbHits: [PlanStepID: Int64] = [:]
    private var current: PlanStepID?
    private var mark: Int

    init(context: ExecutionContext) {
        self.context = context
        self.mark = context.dbHits
    }

    /// Returns what the step produced: its output rows are the input rows of the step after it.
    func statistics(of step: PlanStepID) -> PlanDescription.Statistics {
        let next = PlanStepID(part: step.part, index: step.index + 1)
        return PlanDescription.Statistics(rows: inputRows[next] ?? 0, dbHits: dbHits[step] ?? 0)
    }

    /// Wraps the input of one step.
    func wrap(_ consumer: any RowConsumer, step: PlanStepID) -> any RowConsumer {
        ProfiledConsumer(inner: consumer, step: step, profiler: self)
    }

    fileprivate func enter(_ step: PlanStepID, countingRow: Bool) -> PlanStepID? {
        settle()
        if countingRow { inputRows[step, default: 0] += 1 }
        let previous = current
        current = step
        return previous
    }

    fileprivate func leave(_ previous: PlanStepID?) {
        settle()
        current = previous
    }

    /// Charges the store operations since the last switch to the running step.
    private func settle() {
        if let current { dbHits[current, default: 0] += Int64(context.dbHits - mark) }
        mark = context.dbHits
    }
}

/// The input of a profiled step.
private final class ProfiledConsumer: RowConsumer {
    let inner: any RowConsumer
    let step: PlanStepID
    unowned let profiler: QueryProfiler

    init(inner: any RowConsumer, step: PlanStepID, profiler: QueryProfiler) {
        self.inner = inner
        self.step = step
        self.profiler = profiler
    }

    func consume(_ row: Row) throws -> Bool {
        let previous = profiler.enter(step, countingRow: true)
        defer { profiler.leave(previous) }
        return try inner.consume(row)
    }

    func finish() throws {
        let previous = profiler.enter(step, countingRow: false)
        defer { profiler.leave(previous) }
        try inner.finish()
    }
}
