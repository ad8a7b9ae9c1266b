import GraphValue
import Testing

@testable import QueryEngine

@Suite struct ValueEqualityTests {
    static let equalityCases: [(Value, Value, Bool?)] = [
        (1, 1, true),
        (1, 2, false),
        (1, 1.0, true),
        (1.5, 1, false),
        (.null, 1, nil),
        (1, .null, nil),
        (.null, .null, nil),
        ("a", "a", true),
        ("a", 1, false),
        (true, 1, false),
        ([1, 2], [1, 2], true),
        ([1, 2], [1, 2, 3], false),
        ([1, .null], [1, 2], nil),
        ([1, .null], [2, 2], false),
        (["a": 1], ["a": 1.0], true),
        (["a": 1], ["b": 1], false),
        (["a": .null], ["a": 1], nil),
        (.float(.nan), .float(.nan), false),
        (.integer(9_007_199_254_740_993), .float(9_007_199_254_740_992), false),
    ]

    @Test(arguments: equalityCases)
    func equality(lhs: Value, rhs: Value, expected: Bool?) {
        #expect(lhs.cypherEquals(rhs) == expected)
    }

    @Test func equivalenceTreatsNullAsEqual() {
        #expect(Value.null.isEquivalent(to: .null))
        #expect(Value.float(.nan).isEquivalent(to: .float(.nan)))
        #expect(Value.list([1, .null]).isEquivalent(to: [1, .null]))
        #expect(!Value.integer(1).isEquivalent(to: .null))
    }

    @Test func equivalenceKeyMergesIntegerAndFloat() {
        let keys: Set<EquivalenceKey> = [EquivalenceKey(1), EquivalenceKey(1.0), EquivalenceKey(.null)]
        #expect(keys.count == 2)
    }

    static let comparisonCases: [(Value, Value, Int?)] = [
        (1, 2, -1),
        (2.5, 2, 1),
        ("a", "b", -1),
        ("b", "a", 1),
        (false, true, -1),
        ([1, 2], [1, 3], -1),
        ([1], [1, 0], -1),
        (1, "1", nil),
        (.null, 1, nil),
        (["a": 1], ["a": 1], nil),
    ]

    @Test(arguments: comparisonCases)
    func comparison(lhs: Value, rhs: Value, expected: Int?) {
        #expect(lhs.cypherCompare(rhs) == expected)
    }

    @Test func comparisonWithNaNIsFalse() {
        #expect(Value.float(.nan).compare(1) { $0 < 0 } == false)
        #expect(Value.float(.nan).compare(1) { $0 >= 0 } == false)
        #expect(Value.float(.nan).compare("a") { $0 < 0 } == nil)
    }

    @Test func logicTables() {
        #expect(Logic.and(nil, false) == false)
        #expect(Logic.and(nil, true) == nil)
        #expect(Logic.or(nil, true) == true)
        #expect(Logic.or(nil, false) == nil)
        #expect(Logic.xor(nil, true) == nil)
        #expect(Logic.xor(true, false) == true)
        #expect(Logic.not(nil) == nil)
        #expect(Logic.not(false) == true)
    }

    @Test func inListWithNull() throws {
        #expect(try CollectionOperators.contains([1, 2], 2) == true)
        #expect(try CollectionOperators.contains([1, .null], 2) == .null)
        #expect(try CollectionOperators.contains([], .null) == false)
        #expect(try CollectionOperators.contains(.null, 1) == .null)
    }
}
