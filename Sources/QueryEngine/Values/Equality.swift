import GraphValue

extension Value {
    /// Cypher's `=`: `nil` (null) when either side is null or when lists and maps differ only
    /// where a null sits; integers and floats compare by numeric value.
    func cypherEquals(_ other: Value) -> Bool? {
        switch (self, other) {
        case (.null, _), (_, .null):
            return nil
        case (.integer(let a), .integer(let b)):
            return a == b
        case (.float(let a), .float(let b)):
            return a == b
        case (.integer(let a), .float(let b)), (.float(let b), .integer(let a)):
            return NumberOrder.compare(integer: a, float: b) == 0
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            return Self.equalsAll(zip(a, b))
        case (.map(let a), .map(let b)):
            guard Set(a.keys) == Set(b.keys) else { return false }
            return Self.equalsAll(a.keys.map { (a[$0] ?? .null, b[$0] ?? .null) })
        case (.node(let a), .node(let b)):
            return a.id == b.id
        case (.relationship(let a), .relationship(let b)):
            return a.id == b.id
        case (.path(let a), .path(let b)):
            return a.nodes.map(\.id) == b.nodes.map(\.id) && a.relationships.map(\.id) == b.relationships.map(\.id)
        case (.time(let a), .time(let b)):
            return a.utcNanoseconds == b.utcNanoseconds
        case (.dateTime(let a), .dateTime(let b)):
            return a.secondsSinceEpoch == b.secondsSinceEpoch && a.nanoseconds == b.nanoseconds
        default:
            // Same-typed scalars compare by value; values of different types are never equal.
            return self.typeName == other.typeName ? self == other : false
        }
    }

    /// Combines element comparisons: false wins over null, null wins over true.
    private static func equalsAll<S: Sequence>(_ pairs: S) -> Bool? where S.Element == (Value, Value) {
        var sawNull = false
        for (a, b) in pairs {
            switch a.cypherEquals(b) {
            case .some(false): return false
            case .none: sawNull = true
            case .some(true): break
            }
        }
        return sawNull ? nil : true
    }

    /// Equivalence as DISTINCT and grouping use it: like `=`, but null is equivalent to null
    /// and NaN to NaN, so the answer is always true or false.
    func isEquivalent(to other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null):
            return true
        case (.null, _), (_, .null):
            return false
        case (.float(let a), .float(let b)) where a.isNaN && b.isNaN:
            return true
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isEquivalent(to: $1) }
        case (.map(let a), .map(let b)):
            return Set(a.keys) == Set(b.keys) && a.allSatisfy { key, value in value.isEquivalent(to: b[key] ?? .null) }
        default:
            return cypherEquals(other) ?? false
        }
    }
}

extension Time {
    /// Nanoseconds since midnight UTC, the instant two times are compared by.
    var utcNanoseconds: Int64 {
        nanosecondsSinceMidnight - Int64(offsetSeconds) * 1_000_000_000
    }
}

/// A value usable as a dictionary key under Cypher equivalence, for DISTINCT and grouping.
struct EquivalenceKey: Hashable {
    let value: Value

    init(_ value: Value) { self.value = value }

    static func == (lhs: EquivalenceKey, rhs: EquivalenceKey) -> Bool {
        lhs.value.isEquivalent(to: rhs.value)
    }

    func hash(into hasher: inout Hasher) {
        Self.hash(value, into: &hasher)
    }

    // Equivalent values must hash alike, so floats with an integral value hash as integers.
    private static func hash(_ value: Value, into hasher: inout Hasher) {
        switch value {
        case .integer(let i):
            hasher.combine(1)
            hasher.combine(i)
        case .float(let d):
            if let exact = Int64(exactly: d) {
                hasher.combine(1)
                hasher.combine(exact)
            } else {
                hasher.combine(2)
                hasher.combine(d.isNaN ? Double.nan.bitPattern : d.bitPattern)
            }
        case .list(let items):
            hasher.combine(3)
            hasher.combine(items.count)
            for item in items { hash(item, into: &hasher) }
        case .map(let entries):
            hasher.combine(4)
            for key in entries.keys.sorted() {
                hasher.combine(key)
                hash(entries[key] ?? .null, into: &hasher)
            }
        case .node(let node):
            hasher.combine(5)
            hasher.combine(node.id)
        case .relationship(let relationship):
            hasher.combine(6)
            hasher.combine(relationship.id)
        case .path(let path):
            hasher.combine(7)
            hasher.combine(path.nodes.map(\.id))
            hasher.combine(path.relationships.map(\.id))
        case .time(let time):
            hasher.combine(8)
            hasher.combine(time.utcNanoseconds)
        case .dateTime(let dateTime):
            hasher.combine(9)
            hasher.combine(dateTime.secondsSinceEpoch)
            hasher.combine(dateTime.nanoseconds)
        default:
            hasher.combine(value)
        }
    }
}
