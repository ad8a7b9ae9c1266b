internal import CPostgreSQL

/// The rows of one query, fetched in binary format; frees libpq's result when released.
///
/// Accessors read the binary send format of the column's type: `bigint`, `integer` and
/// `smallint` as big-endian integers, `boolean` as one byte, `text` as UTF-8 and `bytea` as
/// raw bytes.
final class PostgreSQLResult {
    private let result: OpaquePointer

    init(_ result: OpaquePointer) { self.result = result }

    deinit { PQclear(result) }

    var rowCount: Int { Int(PQntuples(result)) }

    func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) != 0
    }

    func bytes(_ row: Int, _ column: Int) -> [UInt8] {
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        guard length > 0, let pointer = PQgetvalue(result, Int32(row), Int32(column)) else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    func text(_ row: Int, _ column: Int) -> String {
        String(decoding: bytes(row, column), as: UTF8.self)
    }

    /// Reads an integer or boolean column; NULL reads as 0.
    func int64(_ row: Int, _ column: Int) -> Int64 {
        var value: Int64 = 0
        let raw = bytes(row, column)
        for byte in raw { value = value << 8 | Int64(byte) }
        // Sign-extend the narrower integer types.
        if raw.count < 8, let first = raw.first, first & 0x80 != 0, raw.count > 1 {
            value |= ~0 << (raw.count * 8)
        }
        return value
    }

    func boolean(_ row: Int, _ column: Int) -> Bool { int64(row, column) != 0 }
}
