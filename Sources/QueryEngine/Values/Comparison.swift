import GraphValue

/// Exact comparison of integers and floats, without rounding large integers through `Double`.
enum NumberOrder {
    /// -1, 0 or 1 as `integer` is below, equal to or above `float`; NaN counts as above all.
    static func compare(integer: Int64, float: Double) -> Int {
        if float.isNaN { return -1 }
        // 2^63 is exactly representable, and every Int64 is below it.
        if float >= 9_223_372_036_854_775_808.0 { return -1 }
        if float < -9_223_372_036_854_775_808.0 { return 1 }
        let whole = float.rounded(.down)
        let wholeInteger = Int64(whole)
        if integer != wholeInteger { return integer < wholeInteger ? -1 : 1 }
        return float > whole ? -1 : 0
    }

    /// -1, 0 or 1 for two numbers given as values; nil when either is not a number.
    static func compare(_ lhs: Value, _ rhs: Value) -> Int? {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)):
            return a == b ? 0 : (a < b ? -1 : 1)
        case (.float(let a), .float(let b)):
            if a.isNaN || b.isNaN { return a.isNaN == b.isNaN ? 0 : (a.isNaN ? 1 : -1) }
            return a == b ? 0 : (a < b ? -1 : 1)
        case (.integer(let a), .float(let b)):
            return compare(integer: a, float: b)
        case (.float(let a), .integer(let b)):
            return -compare(integer: b, float: a)
        default:
            return nil
        }
    }
}

extension Value {
    var isNumber: Bool {
        switch self {
        case .integer, .float: true
        default: false
        }
    }

    var isNaN: Bool {
        if case .float(let d) = self { return d.isNaN }
        return false
    }

    /// Cypher's comparability for `<`, `<=`, `>` and `>=`: -1, 0 or 1, or nil (null) when either
    /// side is null, when the types differ, or for types without an order such as maps and nodes.
    ///
    /// Comparisons with NaN are not nil; the caller makes them false, as Cypher does. Lists
    /// compare element by element with an explicit stack, so deep lists do not recurse.
    func cypherCompare(_ other: Value) -> Int? {
        var pending: [GlobalOrder.Step] = [.pair(self, other)]
        while let step = pending.popLast() {
            switch step {
            case .decides(let result):
                if result != 0 { return result }
            case .pair(let a, let b):
                guard let result = Self.shallowCompare(a, b, nested: &pending) else { return nil }
                if result != 0 { return result }
            }
        }
        return 0
    }

    /// Compares one pair; two lists push their element steps onto `nested` and return 0.
    private static func shallowCompare(_ lhs: Value, _ rhs: Value, nested: inout [GlobalOrder.Step]) -> Int? {
        switch (lhs, rhs) {
        case (.null, _), (_, .null):
            return nil
        case _ where lhs.isNumber && rhs.isNumber:
            return NumberOrder.compare(lhs, rhs)
        case (.string(let a), .string(let b)):
            return compareStrings(a, b)
        case (.boolean(let a), .boolean(let b)):
            return a == b ? 0 : (a ? 1 : -1)
        case (.list(let a), .list(let b)):
            nested.append(.decides(a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)))
            for (x, y) in zip(a, b).reversed() { nested.append(.pair(x, y)) }
            return 0
        case (.date, .date), (.localTime, .localTime), (.time, .time), (.localDateTime, .localDateTime),
            (.dateTime, .dateTime):
            return TemporalOrder.compare(lhs, rhs)
        default:
            return nil
        }
    }

    /// Evaluates a comparison operator with Cypher's null and NaN rules.
    func compare(_ other: Value, by predicate: (Int) -> Bool) -> Bool? {
        if case .null = self { return nil }
        if case .null = other { return nil }
        if isNaN || other.isNaN { return isNumber && other.isNumber ? false : nil }
        guard let order = cypherCompare(other) else { return nil }
        return predicate(order)
    }

    /// Strings order by UTF-16 code units, as Neo4j (a JVM program) orders them.
    static func compareStrings(_ a: String, _ b: String) -> Int {
        var left = a.utf16.makeIterator()
        var right = b.utf16.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?) where x != y: return x < y ? -1 : 1
            default: continue
            }
        }
    }
}

/// Ordering within one temporal type.
enum TemporalOrder {
    static func compare(_ lhs: Value, _ rhs: Value) -> Int? {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a == b ? 0 : (a < b ? -1 : 1) }
        switch (lhs, rhs) {
        case (.date(let a), .date(let b)):
            return order(a.daysSinceEpoch, b.daysSinceEpoch)
        case (.localTime(let a), .localTime(let b)):
            return order(a.nanosecondsSinceMidnight, b.nanosecondsSinceMidnight)
        case (.time(let a), .time(let b)):
            return order(a.utcNanoseconds, b.utcNanoseconds)
        case (.localDateTime(let a), .localDateTime(let b)):
            let first = order(a.secondsSinceEpoch, b.secondsSinceEpoch)
            return first != 0 ? first : order(a.nanoseconds, b.nanoseconds)
        case (.dateTime(let a), .dateTime(let b)):
            let first = order(a.secondsSinceEpoch, b.secondsSinceEpoch)
            return first != 0 ? first : order(a.nanoseconds, b.nanoseconds)
        case (.duration(let a), .duration(let b)):
            let pairs = [(a.months, b.months), (a.days, b.days), (a.seconds, b.seconds)]
            for (x, y) in pairs where x != y { return x < y ? -1 : 1 }
            return order(a.nanoseconds, b.nanoseconds)
        default:
            return nil
        }
    }
}
