import GraphValue
import JSON

/// Statement parameters from JSON: each JSON type becomes the Cypher value of the same shape.
enum ParameterDecoding {
    /// Converts one JSON value. An integer without fraction or exponent becomes `.integer`, and
    /// every other number `.float`. Strings, booleans and null map to themselves, arrays to lists and objects to maps.
    ///
    /// Nesting is bounded by the request parser's depth limit, so the recursion stays shallow.
    static func value(_ json: JSONValue) -> Value {
        switch json {
        case .null: .null
        case .bool(let flag): .boolean(flag)
        case .integer(let number): .integer(number)
        case .number(let number): .float(number)
        case .string(let text): .string(text)
        case .array(let elements): .list(elements.map(value))
        case .object(let members): .map(members.mapValues(value))
        }
    }

    static func parameters(_ members: [String: JSONValue]) -> [String: Value] {
        members.mapValues(value)
    }
}
