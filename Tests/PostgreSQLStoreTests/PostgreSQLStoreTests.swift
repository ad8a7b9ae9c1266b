import Host
import Store
import Testing

@testable import PostgreSQLStore

/// The PostgreSQL store's parts that need no running server; the integration suite covers the rest.
@Suite struct PostgreSQLStoreTests {
    private let logger = Logger(label: "test", level: .error)

    @Test(arguments: [
        ("40001", "Neo.TransientError.Transaction.DeadlockDetected"),
        ("40P01", "Neo.TransientError.Transaction.DeadlockDetected"),
        ("55P03", "Neo.TransientError.Transaction.DeadlockDetected"),
        ("08006", "Neo.TransientError.General.DatabaseUnavailable"),
        ("57P01", "Neo.TransientError.General.DatabaseUnavailable"),
        ("23505", "Neo.DatabaseError.General.UnknownError"),
        ("42P01", "Neo.DatabaseError.General.UnknownError"),
    ])
    func faultKeepsSQLState(sqlState: String, code: String) {
        let error = PostgreSQLFault.make(
            sqlState: sqlState,
            message: "relation graph_x.nodes is broken",
            databaseName: "nornic",
            logger: logger
        )
        #expect(error.status.code == code)
        #expect(error.message.contains("SQLSTATE \(sqlState)"))
        #expect(!error.message.contains("graph_x"))
    }

    @Test func lostConnectionIsUnavailable() {
        let error = PostgreSQLFault.make(
            sqlState: nil,
            message: "server closed",
            databaseName: "nornic",
            logger: logger
        )
        #expect(error.status.code == "Neo.TransientError.General.DatabaseUnavailable")
    }

    @Test func parametersUseBinaryFormat() {
        #expect(PostgreSQLParameter.int64(258).binaryValue == [0, 0, 0, 0, 0, 0, 1, 2])
        #expect(PostgreSQLParameter.int64(-1).binaryValue == [UInt8](repeating: 0xFF, count: 8))
        #expect(PostgreSQLParameter.boolean(true).binaryValue == [1])
        #expect(PostgreSQLParameter.text("é").binaryValue == [0xC3, 0xA9])
        #expect(PostgreSQLParameter.nullInt64.binaryValue == nil)
        #expect(PostgreSQLParameter.bytes([]).binaryValue == [])
    }

    @Test(arguments: [
        ("nornicdb", true), ("graph_0a9f", true), ("", false), ("Graph", false), ("graph-1", false),
        ("a; DROP SCHEMA x", false), (String(repeating: "a", count: 64), false),
    ])
    func schemaNamesArePlainIdentifiers(name: String, valid: Bool) {
        #expect(PostgreSQLMigrator.isPlainIdentifier(name) == valid)
    }

    @Test func databaseNamesFollowSharedRule() throws {
        #expect(try DatabaseName.normalized("My.Graph-1") == "my.graph-1")
        #expect(throws: ServerError.self) { try DatabaseName.normalized("1abc") }
        #expect(throws: ServerError.self) { try DatabaseName.normalized("ab") }
    }

    @Test func unreachableServerFailsWithoutPassword() throws {
        let secret = "unit-test-secret-\(Int.random(in: 0..<1_000_000))"
        // Port 1 on loopback refuses connections at once.
        let url = try PostgreSQLURL(parsing: "postgres://nornic:\(secret)@127.0.0.1:1/db?connect_timeout=2")
        do {
            _ = try PostgreSQLGraphStore(url: url, logger: logger)
            Issue.record("opening the store should fail")
        } catch let error as ServerError {
            #expect(error.status.code == "Neo.TransientError.General.DatabaseUnavailable")
            #expect(!error.message.contains(secret))
        }
    }
}
