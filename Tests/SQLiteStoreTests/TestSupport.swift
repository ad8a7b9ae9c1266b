import Foundation
import GraphValue
import Host
import SQLiteStore
import Store
import Testing

/// A fresh directory under the system temporary directory, removed when `body` returns.
@discardableResult
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    var template = Array((NSTemporaryDirectory() + "/sqlite-store-tests.XXXXXX").utf8CString)
    let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    let path = String(cString: try #require(created))
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// A logger that keeps its records in memory, so storage faults do not clutter test output.
func quietLogger() -> Logger {
    Logger(label: "test.sqlite", level: .debug, sink: .memory())
}

func makeStore(
    _ directory: String,
    configuration: SQLiteGraphStore.Configuration = SQLiteGraphStore.Configuration()
) throws -> SQLiteGraphStore {
    try SQLiteGraphStore(dataDirectory: directory, configuration: configuration, logger: quietLogger())
}

/// Opens a store in a fresh directory and passes it to `body`.
@discardableResult
func withStore<T>(
    configuration: SQLiteGraphStore.Configuration = SQLiteGraphStore.Configuration(),
    _ body: (SQLiteGraphStore, String) throws -> T
) throws -> T {
    try withTemporaryDirectory { directory throws in
        let store = try makeStore(directory, configuration: configuration)
        defer { store.close() }
        return try body(store, directory)
    }
}

extension GraphStore {
    /// Runs `body` in a write transaction on the default test database and commits it.
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        let transaction = try beginTransaction(database: "nornic", readOnly: false)
        let result = try body(transaction)
        try transaction.commit()
        return result
    }

    /// Runs `body` in a read-only transaction on the default test database.
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        let transaction = try beginTransaction(database: "nornic", readOnly: true)
        defer { transaction.rollback() }
        return try body(transaction)
    }
}

/// Asserts that `body` throws a ``ServerError`` with `status`, and returns it.
@discardableResult
func expectServerError(
    _ status: ServerError.Status,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> ServerError? {
    do {
        try body()
        Issue.record("expected \(status.code), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as ServerError {
        #expect(error.status.code == status.code, sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected \(status.code), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// A value moved to another thread in a test that hands it over explicitly.
final class Handoff<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// One sample of every property value type, for round-trip tables.
let sampleValues: [String: Value] = [
    "boolean": true,
    "integer": .integer(-42),
    "largeInteger": .integer(Int64.max),
    "float": .float(3.25),
    "string": "héllo 🌍",
    "bytes": .bytes([0, 1, 254, 255]),
    "list": [1, 2.5, "three"],
    "date": .date(CalendarDate(daysSinceEpoch: 19_000)),
    "time": .time(Time(nanosecondsSinceMidnight: 3_600_000_000_001, offsetSeconds: -18_000)),
    "localTime": .localTime(LocalTime(nanosecondsSinceMidnight: 86_399_999_999_999)),
    "dateTime": .dateTime(DateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 5, zone: .offset(seconds: 3600))),
    "zonedDateTime": .dateTime(
        DateTime(secondsSinceEpoch: -1, nanoseconds: 999_999_999, zone: .identifier("Europe/Stockholm"))
    ),
    "localDateTime": .localDateTime(LocalDateTime(secondsSinceEpoch: 0, nanoseconds: 1)),
    "duration": .duration(CypherDuration(months: 14, days: -3, seconds: 86_401, nanoseconds: -7)),
    "point2D": .point(Point(srid: 4326, x: 12.5, y: -45.25)),
    "point3D": .point(Point(srid: 9157, x: 1, y: 2, z: 3)),
]
