import GraphValue
import Host

/// The rules for values that may be stored as properties.
enum PropertyValues {
    /// Checks that `value` can be stored; nil means null, which removes the property instead.
    ///
    /// Storable values are scalars (boolean, number, string, bytes, temporal, point) and
    /// lists whose elements all share one scalar type.
    static func storable(_ value: Value, key: String) throws(ServerError) -> Value? {
        switch value {
        case .null:
            return nil
        case .map, .node, .relationship, .path:
            throw invalid(value, key)
        case .list(let items):
            guard let first = items.first else { return value }
            for item in items {
                if case .list = item { throw invalid(value, key) }
                if item.isNull || item.typeName != first.typeName {
                    if !(item.isNumber && first.isNumber) { throw invalid(value, key) }
                }
                _ = try storable(item, key: key)
            }
            // A list mixing integers and floats is stored as floats, as Neo4j coerces it.
            if items.contains(where: { if case .float = $0 { true } else { false } }) {
                return .list(items.map { $0.doubleValue.map { .float($0) } ?? $0 })
            }
            return value
        default:
            return value
        }
    }

    /// Checks every value of a property map and drops the nulls.
    static func storable(_ properties: [String: Value]) throws(ServerError) -> [String: Value] {
        var result: [String: Value] = [:]
        for (key, value) in properties {
            if let stored = try storable(value, key: key) { result[key] = stored }
        }
        return result
    }

    private static func invalid(_ value: Value, _ key: String) -> ServerError {
        ServerError(
            .typeError,
            "Property values can only be of primitive types or arrays thereof. "
                + "Encountered: \(value.typeName) for property `\(key)`."
        )
    }
}
