import GraphValue

extension Value {
    /// Cypher's `=`: `nil` (null) when either side is null or when lists and maps differ only
    /// where a null sits; integers and floats compare by numeric value.
    ///
    /// Nested lists and maps are compared with an explicit stack, so deep values do not recurse.
    /// A false anywhere makes the whole comparison false, and otherwise a null anywhere makes it
    /// null, which is what comparing element by element and combining the results gives.
    func cypherEquals(_ other: Value) -> Bool? {
        var pending: [(Value, Value)] = [(self, other)]
        var sawNull = false
        while let (a, b) = pending.popLast() {
            switch Self.shallowEquals(a, b, nested: &pending) {
            case .some(false): return false
            case .none: sawNull = true
            case .some(true): break
            }
        }
        return sawNull ? nil : true
    }

    /// Compares one pair without looking into lists and maps: when both are lists or both maps
    /// of the same shape, their element pairs go onto `nested` and the pair counts as true.
    private static func shallowEquals(_ lhs: Value, _ rhs: Value, nested: inout [(Value, Value)]) -> Bool? {
        switch (lhs, rhs) {
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
            nested.append(contentsOf: zip(a, b).reversed())
            return true
        case (.map(let a), .map(let b)):
            guard a.count == b.count, a.keys.allSatisfy({ b[$0] != nil }) else { return false }
            nested.append(contentsOf: a.map { key, value in (value, b[key] ?? .null) })
            return true
        case (.node(let a), .node(let b)):
            return a.id == b.id
        case (.relationship(let a), .relationship(let b)):
            return a.id == b.id
        case (.path(let a), .path(let b)):
            return a.nodes.map(\.id) == b.nodes.map(\.id) && a.relationships.map(\.id) == b.relationships.map(\.id)
        case (.path(let path), .list(let items)), (.list(let items), .path(let path)):
            // Neo4j 5 compares a path with a list as the list of its alternating nodes and relationships.
            let elements = path.alternatingElements
            guard elements.count == items.count else { return false }
            nested.append(contentsOf: zip(elements, items).reversed())
            return true
        case (.time(let a), .time(let b)):
            return a.utcNanoseconds == b.utcNanoseconds
        case (.dateTime(let a), .dateTime(let b)):
            return a.secondsSinceEpoch == b.secondsSinceEpoch && a.nanoseconds == b.nanoseconds
        case (.duration(let a), .duration(let b)):
            // Bolt clients may send the same amount with nanoseconds of either sign.
            return a.normalized == b.normalized
        default:
            // Same-typed scalars compare by value; values of different types are never equal.
            return lhs.typeName == rhs.typeName ? lhs == rhs : false
        }
    }

    /// Equivalence as DISTINCT and grouping use it: like `=`, but null is equivalent to null
    /// and NaN to NaN, so the result is always true or false. Like `=`, it does not recurse.
    func isEquivalent(to other: Value) -> Bool {
        var pending: [(Value, Value)] = [(self, other)]
        while let (a, b) = pending.popLast() {
            switch (a, b) {
            case (.null, .null):
                continue
            case (.null, _), (_, .null):
                return false
            case (.float(let x), .float(let y)) where x.isNaN && y.isNaN:
                continue
            case (.path, .list), (.list, .path):
                // DISTINCT and grouping keep paths apart from lists, as their hashes differ.
                return false
            case (.list(let x), .list(let y)):
                guard x.count == y.count else { return false }
                pending.append(contentsOf: zip(x, y))
            case (.map(let x), .map(let y)):
                guard x.count == y.count, x.keys.allSatisfy({ y[$0] != nil }) else { return false }
                pending.append(contentsOf: x.map { key, value in (value, y[key] ?? .null) })
            default:
                if Self.shallowEquals(a, b, nested: &pending) != true { return false }
            }
        }
        return true
    }
}

extension Path {
    /// The path as one list: its first node, then each relationship followed by its end node.
    var alternatingElements: [Value] {
        var elements: [Value] = [.node(nodes[0])]
        for (relationship, node) in zip(relationships, nodes.dropFirst()) {
            elements.append(.relationship(relationship))
            elements.append(.node(node))
        }
        return elements
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

    /// One step of hashing: a value to hash, or a map key to combine before its value.
    private enum HashItem {
        case value(Value)
        case key(String)
    }

    // Equivalent values must hash alike, so floats with an integral value hash as integers.
    // Nested lists and maps are hashed in order with an explicit stack, so deep values do not recurse.
    private static func hash(_ value: Value, into hasher: inout Hasher) {
        var pending: [HashItem] = [.value(value)]
        while let item = pending.popLast() {
            switch item {
            case .key(let key):
                hasher.combine(key)
            case .value(let value):
                hashShallow(value, into: &hasher, nested: &pending)
            }
        }
    }

    private static func hashShallow(_ value: Value, into hasher: inout Hasher, nested: inout [HashItem]) {
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
            nested.append(contentsOf: items.reversed().map { .value($0) })
        case .map(let entries):
            hasher.combine(4)
            for key in entries.keys.sorted().reversed() {
                nested.append(.value(entries[key] ?? .null))
                nested.append(.key(key))
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
        case .duration(let duration):
            hasher.combine(10)
            hasher.combine(duration.normalized)
        default:
            hasher.combine(value)
        }
    }
}
