import GraphValue

/// The total order ORDER BY uses across all values.
///
/// Ascending, types come in openCypher's orderability order: map, node, relationship, list,
/// path, datetime, local datetime, date, time, local time, duration, string, boolean, number,
/// and null last. NaN sorts above every other number.
enum GlobalOrder {
    /// -1, 0 or 1 as `lhs` sorts before, with or after `rhs` ascending.
    static func compare(_ lhs: Value, _ rhs: Value) -> Int {
        let lhsRank = rank(lhs)
        let rhsRank = rank(rhs)
        if lhsRank != rhsRank { return lhsRank < rhsRank ? -1 : 1 }
        return compareSameRank(lhs, rhs)
    }

    // NOTE: Points and byte arrays have no place in openCypher's list; they sort after paths
    // and after strings respectively.
    private static func rank(_ value: Value) -> Int {
        switch value {
        case .map: 0
        case .node: 1
        case .relationship: 2
        case .list: 3
        case .path: 4
        case .point: 5
        case .dateTime: 6
        case .localDateTime: 7
        case .date: 8
        case .time: 9
        case .localTime: 10
        case .duration: 11
        case .string: 12
        case .bytes: 13
        case .boolean: 14
        case .integer, .float: 15
        case .null: 16
        }
    }

    private static func compareSameRank(_ lhs: Value, _ rhs: Value) -> Int {
        switch (lhs, rhs) {
        case (.map(let a), .map(let b)):
            return compareMaps(a, b)
        case (.node(let a), .node(let b)):
            return order(a.id, b.id)
        case (.relationship(let a), .relationship(let b)):
            return order(a.id, b.id)
        case (.list(let a), .list(let b)):
            return compareLists(a, b)
        case (.path(let a), .path(let b)):
            let first = compareLists(a.nodes.map { .node($0) }, b.nodes.map { .node($0) })
            if first != 0 { return first }
            return compareLists(a.relationships.map { .relationship($0) }, b.relationships.map { .relationship($0) })
        case (.point(let a), .point(let b)):
            let pairs = [(Double(a.srid), Double(b.srid)), (a.x, b.x), (a.y, b.y), (a.z ?? 0, b.z ?? 0)]
            for (x, y) in pairs where x != y { return x < y ? -1 : 1 }
            return 0
        case (.string(let a), .string(let b)):
            return Value.compareStrings(a, b)
        case (.bytes(let a), .bytes(let b)):
            return a.lexicographicallyPrecedes(b) ? -1 : (a == b ? 0 : 1)
        case (.boolean(let a), .boolean(let b)):
            return a == b ? 0 : (a ? 1 : -1)
        case (.null, .null):
            return 0
        default:
            return NumberOrder.compare(lhs, rhs) ?? TemporalOrder.compare(lhs, rhs) ?? 0
        }
    }

    private static func order<T: Comparable>(_ a: T, _ b: T) -> Int { a == b ? 0 : (a < b ? -1 : 1) }

    private static func compareLists(_ a: [Value], _ b: [Value]) -> Int {
        for (x, y) in zip(a, b) {
            let result = compare(x, y)
            if result != 0 { return result }
        }
        return order(a.count, b.count)
    }

    // Maps compare as their key-sorted entry lists, key before value.
    private static func compareMaps(_ a: [String: Value], _ b: [String: Value]) -> Int {
        let left = a.keys.sorted { Value.compareStrings($0, $1) < 0 }
        let right = b.keys.sorted { Value.compareStrings($0, $1) < 0 }
        for (x, y) in zip(left, right) {
            let keyOrder = Value.compareStrings(x, y)
            if keyOrder != 0 { return keyOrder }
            let valueOrder = compare(a[x] ?? .null, b[y] ?? .null)
            if valueOrder != 0 { return valueOrder }
        }
        return order(left.count, right.count)
    }
}
