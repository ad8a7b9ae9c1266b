import GraphValue

/// The total order ORDER BY uses across all values.
///
/// Ascending, types come in openCypher's orderability order: map, node, relationship, list,
/// path, datetime, local datetime, date, time, local time, duration, string, boolean, number,
/// and null last. NaN sorts above every other number.
enum GlobalOrder {
    /// One step of a comparison: a pair of values, or the result that decides when every
    /// comparison before it was equal, such as the lengths of two lists after their elements.
    enum Step {
        case pair(Value, Value)
        case decides(Int)
    }

    /// -1, 0 or 1 as `lhs` sorts before, with or after `rhs` ascending.
    ///
    /// Lists and maps compare element by element with an explicit stack, so deep values do not recurse.
    static func compare(_ lhs: Value, _ rhs: Value) -> Int {
        var pending: [Step] = [.pair(lhs, rhs)]
        while let step = pending.popLast() {
            switch step {
            case .decides(let result):
                if result != 0 { return result }
            case .pair(let a, let b):
                let aRank = rank(a)
                let bRank = rank(b)
                if aRank != bRank { return aRank < bRank ? -1 : 1 }
                let result = compareSameRank(a, b, nested: &pending)
                if result != 0 { return result }
            }
        }
        return 0
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

    /// Compares a pair of the same rank; lists and maps push their element steps onto `nested`
    /// and return 0.
    private static func compareSameRank(_ lhs: Value, _ rhs: Value, nested: inout [Step]) -> Int {
        switch (lhs, rhs) {
        case (.map(let a), .map(let b)):
            pushMaps(a, b, onto: &nested)
            return 0
        case (.node(let a), .node(let b)):
            return order(a.id, b.id)
        case (.relationship(let a), .relationship(let b)):
            return order(a.id, b.id)
        case (.list(let a), .list(let b)):
            pushLists(a, b, onto: &nested)
            return 0
        case (.path(let a), .path(let b)):
            // Nodes and relationships compare by id, so a path compares as its two id lists.
            let first = compareIDs(a.nodes.map(\.id), b.nodes.map(\.id))
            if first != 0 { return first }
            return compareIDs(a.relationships.map(\.id), b.relationships.map(\.id))
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

    private static func compareIDs(_ a: [Int64], _ b: [Int64]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return order(a.count, b.count)
    }

    /// Pushes the steps that compare two lists, first element first, then their lengths.
    private static func pushLists(_ a: [Value], _ b: [Value], onto pending: inout [Step]) {
        pending.append(.decides(order(a.count, b.count)))
        for (x, y) in zip(a, b).reversed() { pending.append(.pair(x, y)) }
    }

    // Maps compare as their key-sorted entry lists, key before value.
    private static func pushMaps(_ a: [String: Value], _ b: [String: Value], onto pending: inout [Step]) {
        let left = a.keys.sorted { Value.compareStrings($0, $1) < 0 }
        let right = b.keys.sorted { Value.compareStrings($0, $1) < 0 }
        pending.append(.decides(order(left.count, right.count)))
        for (x, y) in zip(left, right).reversed() {
            pending.append(.pair(a[x] ?? .null, b[y] ?? .null))
            pending.append(.decides(Value.compareStrings(x, y)))
        }
    }
}
