/// A query parameter, sent to PostgreSQL in binary form with its type, so no value is ever
/// spliced into SQL text.
enum PostgreSQLParameter {
    case int64(Int64)
    case text(String)
    case bytes([UInt8])
    case boolean(Bool)
    /// A NULL of type `bigint`.
    case nullInt64

    /// The type's OID from PostgreSQL's `pg_type` catalogue.
    var typeOID: UInt32 {
        switch self {
        case .int64, .nullInt64: 20  // int8
        case .text: 25
        case .bytes: 17  // bytea
        case .boolean: 16
        }
    }

    /// The binary send format of the type, or nil for NULL.
    var binaryValue: [UInt8]? {
        switch self {
        case .int64(let number):
            withUnsafeBytes(of: number.bigEndian) { Array($0) }
        case .text(let text):
            Array(text.utf8)
        case .bytes(let bytes):
            bytes
        case .boolean(let flag):
            [flag ? 1 : 0]
        case .nullInt64:
            nil
        }
    }
}

extension PostgreSQLParameter: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    init(stringLiteral value: String) { self = .text(value) }
    init(integerLiteral value: Int64) { self = .int64(value) }
}
