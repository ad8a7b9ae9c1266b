import GraphValue
import Host

/// Cypher's list, map and string operators: `IN`, subscripts, slices and string predicates.
enum CollectionOperators {
    /// `element IN list`: true on a match; null when there is no match but a comparison was null.
    static func contains(_ list: Value, _ element: Value) throws(ServerError) -> Value {
        switch list {
        case .null:
            return .null
        case .list(let items):
            var sawNull = false
            for item in items {
                switch element.cypherEquals(item) {
                case .some(true): return true
                case .none: sawNull = true
                case .some(false): break
                }
            }
            return sawNull ? .null : false
        default:
            throw ServerError(.typeError, "Type mismatch: expected List<T> but was \(list.typeName)")
        }
    }

    /// `list[index]` with negative indexes from the end, and `map[key]`; out of range is null.
    static func element(_ container: Value, _ index: Value, resolver: any EntityResolver) throws -> Value {
        switch (container, index) {
        case (.null, _), (_, .null):
            return .null
        case (.list(let items), .integer(let i)):
            let position = i < 0 ? Int64(items.count) + i : i
            return position >= 0 && position < Int64(items.count) ? items[Int(position)] : .null
        case (.list, _):
            throw ServerError(.typeError, "List element access needs an Integer index, not \(index.typeName)")
        case (.map(let entries), .string(let key)):
            return entries[key] ?? .null
        case (.node, .string(let key)), (.relationship, .string(let key)):
            return try PropertyAccess.property(key, of: container, resolver: resolver)
        default:
            throw ServerError(
                .typeError,
                "Cannot access `\(container.typeName)` with a key of type `\(index.typeName)`"
            )
        }
    }

    /// `list[from..to]`, either bound optional; negative bounds count from the end.
    static func slice(_ container: Value, from: Value?, to: Value?) throws(ServerError) -> Value {
        if container.isNull || from?.isNull == true || to?.isNull == true { return .null }
        guard case .list(let items) = container else {
            throw ServerError(.typeError, "Type mismatch: expected List<T> but was \(container.typeName)")
        }
        let count = Int64(items.count)
        func bound(_ value: Value?, _ fallback: Int64) throws(ServerError) -> Int64 {
            guard let value else { return fallback }
            guard case .integer(let i) = value else {
                throw ServerError(.typeError, "List slice bounds must be Integers, not \(value.typeName)")
            }
            let position = i < 0 ? count + i : i
            return min(max(position, 0), count)
        }
        let lower = try bound(from, 0)
        let upper = try bound(to, count)
        return lower < upper ? .list(Array(items[Int(lower)..<Int(upper)])) : .list([])
    }

    enum StringPredicate {
        case startsWith, endsWith, contains
    }

    /// STARTS WITH, ENDS WITH and CONTAINS; null unless both sides are strings.
    static func test(_ predicate: StringPredicate, _ lhs: Value, _ rhs: Value) -> Value {
        guard case .string(let text) = lhs, case .string(let part) = rhs else { return .null }
        switch predicate {
        case .startsWith: return .boolean(text.unicodeScalars.starts(with: part.unicodeScalars))
        case .endsWith: return .boolean(text.unicodeScalars.reversed().starts(with: part.unicodeScalars.reversed()))
        case .contains: return .boolean(part.isEmpty || text.contains(part))
        }
    }
}

/// Property reads on nodes, relationships and maps.
enum PropertyAccess {
    /// `value.key`: null for a missing property or a null value; TypeError on other types.
    static func property(_ key: String, of value: Value, resolver: any EntityResolver) throws -> Value {
        switch value {
        case .null:
            return .null
        case .node(let node):
            return try resolver.current(node).properties[key] ?? .null
        case .relationship(let relationship):
            return try resolver.current(relationship).properties[key] ?? .null
        case .map(let entries):
            return entries[key] ?? .null
        case .duration(let duration):
            return try DurationComponents.component(key, of: duration)
        default:
            if let field = try TemporalFields.field(key, of: value) { return field }
            throw ServerError(
                .typeError,
                "Type mismatch: expected a map but was \(value.typeName) \(ValueText.literal(value))"
            )
        }
    }
}

/// The component fields of temporal values that property syntax reads.
enum TemporalFields {
    static func field(_ key: String, of value: Value) throws(ServerError) -> Value? {
        try TemporalComponents.component(key, of: value)
    }
}
