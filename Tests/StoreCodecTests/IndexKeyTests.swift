import GraphValue
import Testing

@testable import StoreCodec

@Suite struct IndexKeyTests {
    static let equalPairs: [(Value, Value)] = [
        (1, 1.0),
        (-7, -7.0),
        (0, -0.0),
        (0.0, -0.0),
        (.integer(1 << 53), .float(9_007_199_254_740_992.0)),
        ([1, 2], [1.0, 2.0]),
        (["a": 1], ["a": 1.0]),
        ([[1]], [[1.0]]),
        (.point(Point(srid: 7203, x: 0, y: 1)), .point(Point(srid: 7203, x: -0.0, y: 1))),
        ("text", "text"),
        (.bytes([1, 2]), .bytes([1, 2])),
        (.date(CalendarDate(daysSinceEpoch: 3)), .date(CalendarDate(daysSinceEpoch: 3))),
    ]

    static let distinctPairs: [(Value, Value)] = [
        (1, 2),
        (1, 1.5),
        (1, "1"),
        (1, true),
        (0, false),
        (.integer((1 << 53) + 1), .float(9_007_199_254_740_992.0)),
        (.integer(Int64.max), .float(9_223_372_036_854_775_807.0)),
        ([1, 2], [2, 1]),
        ([1], [1, 1]),
        ("é", "e\u{301}"),
        (.bytes([1]), [1]),
        (
            .dateTime(DateTime(secondsSinceEpoch: 0, nanoseconds: 0, zone: .offset(seconds: 0))),
            .dateTime(DateTime(secondsSinceEpoch: 0, nanoseconds: 0, zone: .identifier("UTC")))
        ),
        (.point(Point(srid: 7203, x: 1, y: 2)), .point(Point(srid: 4326, x: 1, y: 2))),
        (.point(Point(srid: 7203, x: 1, y: 2)), .point(Point(srid: 7203, x: 1, y: 2, z: 0))),
        (
            .localTime(LocalTime(nanosecondsSinceMidnight: 5)),
            .time(Time(nanosecondsSinceMidnight: 5, offsetSeconds: 0))
        ),
    ]

    @Test(arguments: equalPairs)
    func equalValuesShareKey(_ lhs: Value, _ rhs: Value) throws {
        let left = try #require(IndexKey.make(lhs))
        #expect(left == IndexKey.make(rhs))
    }

    @Test(arguments: distinctPairs)
    func distinctValuesDiffer(_ lhs: Value, _ rhs: Value) throws {
        let left = try #require(IndexKey.make(lhs))
        let right = try #require(IndexKey.make(rhs))
        #expect(left != right)
    }

    static let unmatchable: [Value] = [
        .null, .float(.nan), [1, nil], ["a": nil], [[.float(.nan)]],
        .point(Point(srid: 7203, x: .nan, y: 0)),
        .node(Node(id: 1, elementID: "4:x:1", labels: [], properties: [:])),
    ]

    @Test(arguments: unmatchable)
    func unmatchableValueHasNoKey(_ value: Value) {
        #expect(IndexKey.make(value) == nil)
    }

    @Test func compositeKeyConcatenatesParts() throws {
        let first = try #require(IndexKey.make("Ada"))
        let composite = try #require(IndexKey.make(["Ada", 36] as [Value]))
        #expect(composite.starts(with: first))
        #expect(composite.count > first.count)
    }

    @Test func compositeWithNullHasNoKey() {
        #expect(IndexKey.make(["Ada", .null] as [Value]) == nil)
    }

    @Test(arguments: [Value.integer(5), "five", .bytes([5]), [5], ["k": 5], .date(CalendarDate(daysSinceEpoch: 5))])
    func keyIsNeverPrefixOfOther(_ value: Value) throws {
        // Prefix-free keys keep composite keys of different value lists apart.
        let key = try #require(IndexKey.make(value))
        let longer = try #require(IndexKey.make([value, 0] as [Value]))
        for other in Self.equalPairs.map(\.1) {
            guard let otherKey = IndexKey.make(other), otherKey != key else { continue }
            #expect(!otherKey.starts(with: key))
        }
        #expect(longer.starts(with: key))
    }
}
