public import GraphValue
public import Host
import Store

extension ServerError.Status {
    static let transactionMarkedAsFailed = Self(
        code: "Neo.ClientError.Transaction.TransactionMarkedAsFailed",
        gqlStatus: "25N05",
        gqlDescription: "error: invalid transaction state - transaction not found"
    )
}

/// One engine transaction over one store transaction. Not thread-safe, except ``cancel()``.
///
/// A statement that fails rolls the whole transaction back, as Neo4j does, so a failed
/// statement never leaves partial writes behind; later calls then fail.
public final class CypherTransaction: QueryTransaction {
    private let transaction: any StoreTransaction
    private let databaseID: String
    private var state = State.open
    private let cancellation = CancellationFlag()
    /// How many index lookups the last statement made, so tests can check that an index was used.
    public private(set) var lastStatementIndexLookups = 0
    /// How many rows the streaming steps of the last statement emitted, so tests can check that
    /// a LIMIT stopped the work before it.
    public private(set) var lastStatementRowsProduced = 0

    private enum State {
        case open, committed, rolledBack, failed
    }

    private let procedures: ProcedureRegistry

    init(transaction: any StoreTransaction, databaseID: String, procedures: ProcedureRegistry) {
        self.transaction = transaction
        self.databaseID = databaseID
        self.procedures = procedures
    }

    /// Runs a statement prepared by ``CypherEngine`` within `limits` on behalf of `identity`.
    ///
    /// - Throws: the statement's `ServerError`: `TransactionTimedOut` past the deadline,
    ///   `MemoryPoolOutOfMemoryError` past the row limit, `Terminated` after ``cancel()``. Any
    ///   failure also rolls the transaction back.
    public func execute(
        _ statement: PreparedStatement,
        parameters: [String: Value],
        limits: ExecutionLimits,
        identity: Identity?
    ) throws -> QueryResult {
        try checkOpen()
        guard let compiled = statement.plan as? CompiledStatement else {
            throw ServerError(.unknownError, "The statement was not prepared by this engine.")
        }
        let context = ExecutionContext(
            transaction: transaction,
            parameters: parameters,
            databaseID: databaseID,
            budget: ExecutionBudget(limits: limits, cancellation: cancellation),
            identity: identity,
            procedures: procedures
        )
        do {
            // A statement whose deadline passed before it started fails before any work.
            try context.budget.checkNow()
            let result = try run(compiled, context)
            lastStatementIndexLookups = context.indexLookups
            lastStatementRowsProduced = context.rowsProduced
            return result
        } catch {
            lastStatementIndexLookups = context.indexLookups
            lastStatementRowsProduced = context.rowsProduced
            transaction.rollback()
            state = .failed
            throw ServerError.wrapping(error)
        }
    }

    private func run(_ compiled: CompiledStatement, _ context: ExecutionContext) throws -> QueryResult {
        switch compiled.body {
        case .query(let plan):
            switch compiled.mode {
            case .normal:
                break
            case .explain:
                // EXPLAIN plans without running, so it neither reads nor writes the graph.
                let description = try PlanBuilder.describe(plan, indexes: transaction.indexes())
                return QueryResult(
                    columns: plan.columns,
                    rows: [],
                    queryType: plan.queryType,
                    plan: description.description(profile: nil)
                )
            case .profile:
                return try profile(plan, context)
            }
            // Taking the write lock before the first read turns a likely retry into a wait.
            if plan.writes { try transaction.reserveWrite() }
            let rows = try plan.execute(context)
            return QueryResult(
                columns: plan.columns,
                rows: rows,
                statistics: context.statistics,
                queryType: plan.queryType
            )
        case .schema(let plan):
            if plan.writes { try transaction.reserveWrite() }
            let (columns, rows) = try plan.execute(context)
            let values = try rows.map { row in try columns.map { try context.output(row[$0] ?? .null) } }
            let queryType: QueryType = columns.isEmpty ? .schema : .read
            return QueryResult(columns: columns, rows: values, statistics: context.statistics, queryType: queryType)
        case .administration:
            throw ServerError(
                .unsupportedAdministrationCommand,
                "Administration commands run on the system database, not in a data transaction."
            )
        }
    }

    /// Runs a query as `PROFILE` does: its rows, with the plan and what each operator produced.
    private func profile(_ plan: QueryPlan, _ context: ExecutionContext) throws -> QueryResult {
        if plan.writes { try transaction.reserveWrite() }
        let description = try PlanBuilder.describe(plan, indexes: transaction.indexes())
        let profiler = QueryProfiler(context: context)
        let rows = try plan.execute(context, profiler: profiler)
        var profile = description.description(profile: profiler)
        profile.statistics = PlanDescription.Statistics(rows: Int64(rows.count), dbHits: 0)
        return QueryResult(
            columns: plan.columns,
            rows: rows,
            statistics: context.statistics,
            queryType: plan.queryType,
            profile: profile
        )
    }

    public func commit() throws {
        try checkOpen()
        do {
            try transaction.commit()
            state = .committed
        } catch {
            transaction.rollback()
            state = .failed
            throw ServerError.wrapping(error)
        }
    }

    public func rollback() {
        guard state == .open else { return }
        transaction.rollback()
        state = .rolledBack
    }

    /// Raises the flag that the running statement checks at its next checkpoint, at most
    /// ``ExecutionBudget/checkInterval`` units of work later; it then fails and rolls back.
    /// Later `execute` and `commit` calls fail with `Terminated`. The store transaction is left
    /// to the thread that uses it.
    public func cancel() {
        cancellation.raise()
    }

    private func checkOpen() throws(ServerError) {
        if cancellation.isRaised, state == .open || state == .failed {
            if state == .open { transaction.rollback() }
            state = .failed
            throw ExecutionBudget.terminated
        }
        switch state {
        case .open:
            return
        case .failed:
            throw ServerError(
                .transactionMarkedAsFailed,
                "The transaction has been rolled back because of an earlier error; start a new transaction."
            )
        case .committed, .rolledBack:
            throw ServerError(.transactionNotFound, "The transaction has already been closed.")
        }
    }
}
