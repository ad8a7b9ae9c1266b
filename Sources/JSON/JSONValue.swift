/// A JSON value as ``StrictJSONParser`` returns it.
///
/// Objects are dictionaries because the parser rejects duplicate member names, so no member is
/// ever lost by keeping one value per name.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case integer(Int64)
    /// Any other number, as IEEE double; values beyond its range become infinite, and callers
    /// that need finite numbers check `isFinite`.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The JSON type name, for messages that must not echo the value.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The value of a number of either form as a double; nil for other values.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
}

/// The reason a byte string is not accepted as JSON, and where parsing stopped.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case unexpectedEnd
        case unexpectedByte
        case invalidString
        case invalidNumber
        case duplicateMember
        case tooDeep
        case trailingData
        case notAnObject
    }

    public let reason: Reason
    /// The byte offset where parsing stopped.
    public let offset: Int

    public var description: String {
        switch reason {
        case .unexpectedEnd: "unexpected end of JSON"
        case .unexpectedByte: "unexpected character in JSON at byte \(offset)"
        case .invalidString: "invalid JSON string at byte \(offset)"
        case .invalidNumber: "invalid JSON number at byte \(offset)"
        case .duplicateMember: "duplicate member name in JSON object at byte \(offset)"
        case .tooDeep: "JSON nested too deeply at byte \(offset)"
        case .trailingData: "data after the JSON value at byte \(offset)"
        case .notAnObject: "JSON value is not an object"
        }
    }
}
