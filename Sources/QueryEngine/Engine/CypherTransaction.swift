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

/// One engine transaction over one store transaction. Not thread-safe.
///
/// A statement that fails rolls the whole transaction back, as Neo4j does, so a failed
/// statement never leaves partial writes behind; later calls then fail.
public final class CypherTransaction: QueryTransaction {
    private let transaction: any StoreTransaction
    private let databaseID: String
    private var state = State.open
    /// How many index lookups the last statement made, so tests can check that an index was used.
    public private(set) var lastStatementIndexLookups = 0

    private enum State {
        case open, committed, rolledBack, failed
    }

    init(transaction: any StoreTransaction, databaseID: String) {
        self.transaction = transaction
        self.databaseID = databaseID
    }

    /// Runs a statement prepared by ``CypherEngine``.
    ///
    /// - Throws: the statement's `ServerError`; any failure also rolls the transaction back.
    public func execute(_ statement: PreparedStatement, parameters: [String: Value]) throws -> QueryResult {
        try checkOpen()
        guard let compiled = statement.plan as? CompiledStatement else {
            throw ServerError(.unknownError, "The statement was not prepared by this engine.")
        }
        let context = ExecutionContext(transaction: transaction, parameters: parameters, databaseID: databaseID)
        do {
            let result = try run(compiled, context)
            lastStatementIndexLookups = context.indexLookups
            return result
        } catch {
            lastStatementIndexLookups = context.indexLookups
            transaction.rollback()
            state = .failed
            throw ServerError.wrapping(error)
        }
    }

    private func run(_ compiled: CompiledStatement, _ context: ExecutionContext) throws -> QueryResult {
        switch compiled.body {
        case .query(let plan):
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

    private func checkOpen() throws(ServerError) {
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
