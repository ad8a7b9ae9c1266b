import Foundation
import GraphValue
import Host
import QueryEngine
import SQLiteStore
import Store

/// A fresh SQLite store in a temporary directory, with an engine over it.
final class TestDatabase {
    let directory: String
    let store: SQLiteGraphStore
    let engine: CypherEngine
    let database: String

    init(testProcedures: [TestProcedure] = []) throws {
        directory = NSTemporaryDirectory() + "query-engine-tests-" + UUID().uuidString
        store = try SQLiteGraphStore(dataDirectory: directory)
        engine = CypherEngine(store: store, testProcedures: testProcedures)
        database = store.defaultDatabase
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs one statement in its own transaction, on behalf of `identity` when given, and commits it.
    @discardableResult
    func run(_ text: String, _ parameters: [String: Value] = [:], identity: Identity? = nil) throws -> QueryResult {
        let transaction = try engine.beginTransaction(database: database)
        do {
            let result = try transaction.execute(
                engine.prepare(text),
                parameters: parameters,
                limits: ExecutionLimits(),
                identity: identity
            )
            try transaction.commit()
            return result
        } catch {
            transaction.rollback()
            throw error
        }
    }

    /// Runs a statement and returns each row as a column-to-value map.
    func records(_ text: String, _ parameters: [String: Value] = [:], identity: Identity? = nil) throws
        -> [[String: Value]]
    {
        let result = try run(text, parameters, identity: identity)
        return result.rows.map { Dictionary(uniqueKeysWithValues: zip(result.columns, $0)) }
    }

    /// Runs a statement and returns the first column of every row.
    func column(_ text: String, _ parameters: [String: Value] = [:], identity: Identity? = nil) throws -> [Value] {
        try run(text, parameters, identity: identity).rows.map { $0.first ?? .null }
    }

    /// Runs a statement and returns the error it raises, or nil when it succeeds.
    func error(_ text: String, _ parameters: [String: Value] = [:]) -> ServerError? {
        do {
            try run(text, parameters)
            return nil
        } catch let error as ServerError {
            return error
        } catch {
            return ServerError.wrapping(error)
        }
    }
}
