internal import CSQLite
import Host

/// A prepared statement borrowed from a ``SQLiteConnection`` for the length of one
/// `withStatement` call. Parameter and column indexes follow SQLite: parameters from 1,
/// columns from 0.
struct SQLiteStatement {
    let pointer: OpaquePointer
    let connection: SQLiteConnection

    /// SQLite's `SQLITE_TRANSIENT`: SQLite copies bound bytes before the call returns.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    }

    func bind(_ value: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(pointer, index, value))
    }

    func bind(_ value: String, at index: Int32) throws {
        // An empty buffer may have no base address, and SQLite binds a NULL pointer as NULL.
        guard !value.isEmpty else {
            try check(sqlite3_bind_text(pointer, index, "", 0, Self.transient))
            return
        }
        var text = value
        // The explicit length keeps strings with NUL characters intact.
        let code = text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                sqlite3_bind_text(pointer, index, characters.baseAddress, Int32(characters.count), Self.transient)
            }
        }
        try check(code)
    }

    func bind(_ bytes: [UInt8], at index: Int32) throws {
        // An empty buffer may have no base address, and SQLite binds a NULL pointer as NULL.
        guard !bytes.isEmpty else {
            try check(sqlite3_bind_zeroblob(pointer, index, 0))
            return
        }
        let code = bytes.withUnsafeBytes { buffer in
            sqlite3_bind_blob(pointer, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
        }
        try check(code)
    }

    func bindNull(at index: Int32) throws {
        try check(sqlite3_bind_null(pointer, index))
    }

    /// Advances to the next row: true when a row is ready, false when the statement is done.
    func step() throws -> Bool {
        let code = sqlite3_step(pointer)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.fault(code)
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        while try step() {}
    }

    func int64(at column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }

    func isNull(at column: Int32) -> Bool { sqlite3_column_type(pointer, column) == SQLITE_NULL }

    func text(at column: Int32) -> String {
        guard let bytes = sqlite3_column_text(pointer, column) else { return "" }
        let count = Int(sqlite3_column_bytes(pointer, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func blob(at column: Int32) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(pointer, column) else { return [] }
        let count = Int(sqlite3_column_bytes(pointer, column))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw connection.fault(code) }
    }
}
