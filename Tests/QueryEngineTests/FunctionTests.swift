import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct FunctionTests {
    private func call(_ name: String, _ arguments: Value...) throws -> Value {
        let definition = try FunctionRegistry.validate(name: name, argumentCount: arguments.count)
        return try definition.body(arguments, SnapshotResolver())
    }

    static let cases: [(String, [Value], Value)] = [
        ("size", ["héllo"], 5),
        ("size", [[1, 2]], 2),
        ("size", [.null], .null),
        ("coalesce", [.null, 2, 3], 2),
        ("toString", [1.0], "1.0"),
        ("toString", [true], "true"),
        ("toString", [1e20], "1.0E20"),
        ("toInteger", ["42"], 42),
        ("toInteger", ["4.7"], 4),
        ("toInteger", ["x"], .null),
        ("toInteger", [-3.9], -3),
        ("toFloat", ["1.5"], 1.5),
        ("toFloat", [2], 2.0),
        ("toBoolean", ["TRUE"], true),
        ("toBoolean", ["yes"], .null),
        ("head", [[1, 2]], 1),
        ("head", [[]], .null),
        ("last", [[1, 2]], 2),
        ("tail", [[1, 2, 3]], [2, 3]),
        ("range", [1, 5, 2], [1, 3, 5]),
        ("range", [3, 1, -1], [3, 2, 1]),
        ("range", [3, 1], []),
        ("reverse", ["abc"], "cba"),
        ("reverse", [[1, 2]], [2, 1]),
        ("abs", [-3], 3),
        ("abs", [-2.5], 2.5),
        ("ceil", [1.2], 2.0),
        ("floor", [1.8], 1.0),
        ("round", [2.5], 3.0),
        ("round", [-2.5], -2.0),
        ("round", [3.14159, 2], 3.14),
        ("sign", [-4.2], -1),
        ("sqrt", [16], 4.0),
        ("toUpper", ["abc"], "ABC"),
        ("toLower", ["ABC"], "abc"),
        ("trim", ["  a b  "], "a b"),
        ("ltrim", ["  a "], "a "),
        ("rtrim", [" a  "], " a"),
        ("replace", ["banana", "an", "_"], "b__a"),
        ("substring", ["hello", 1, 3], "ell"),
        ("substring", ["hello", 2], "llo"),
        ("left", ["hello", 2], "he"),
        ("right", ["hello", 2], "lo"),
        ("split", ["a,b,,c", ","], ["a", "b", "", "c"]),
        ("split", ["abc", ""], ["a", "b", "c"]),
        ("keys", [["b": 1, "a": 2]], ["a", "b"]),
        ("exists", [.null], false),
        ("toUpper", [.null], .null),
    ]

    @Test(arguments: cases)
    func scalarFunction(name: String, arguments: [Value], expected: Value) throws {
        let definition = try FunctionRegistry.validate(name: name, argumentCount: arguments.count)
        #expect(try definition.body(arguments, SnapshotResolver()) == expected)
    }

    @Test func namesIgnoreCase() throws {
        #expect(try call("TOUPPER", "a") == "A")
    }

    @Test func unknownFunctionIsSyntaxError() throws {
        let error = try #require(throws: ServerError.self) { try call("nope", 1) }
        #expect(error.status == .syntaxError)
        #expect(error.message == "Unknown function 'nope'")
    }

    @Test func wrongArgumentCount() throws {
        let error = try #require(throws: ServerError.self) { try call("toUpper") }
        #expect(error.status == .syntaxError)
    }

    @Test func rangeStepZeroIsArgumentError() throws {
        let error = try #require(throws: ServerError.self) { try call("range", 1, 5, 0) }
        #expect(error.status == .argumentError)
    }

    @Test(
        arguments: [
            [true, 1, 1], [0, 1, true], [1.1, 1, 1], [0.0, 1, 1], [-0.0, 1, 1], [0, 1, 1.0], ["xyz", 1, 1],
            [[0], 1, 1],
            [0, ["end": 1], 1], [.null, 1, 1],
        ] as [[Value]]
    )
    func rangeNonIntegerIsArgumentError(arguments: [Value]) throws {
        let error = try #require(throws: ServerError.self) {
            try FunctionRegistry.validate(name: "range", argumentCount: 3).body(arguments, SnapshotResolver())
        }
        #expect(error.status == .argumentError, "\(arguments)")
        #expect(error.message.contains("must be an Integer"), "\(error.message)")
    }

    @Test func rangeAtInt64Edges() throws {
        #expect(try call("range", .integer(.max - 1), .integer(.max)) == [.integer(.max - 1), .integer(.max)])
        #expect(try call("range", .integer(.min), .integer(.min + 4), 3) == [.integer(.min), .integer(.min + 3)])
        #expect(Array(try IntegerRange(arguments: [.integer(.max), .integer(.min), .integer(.min)])) == [.max, -1])
        #expect(Array(try IntegerRange(arguments: [5, 1])).isEmpty)
    }

    @Test func wrongArgumentTypeIsTypeError() throws {
        let error = try #require(throws: ServerError.self) { try call("toUpper", 1) }
        #expect(error.status == .typeError)
        #expect(throws: ServerError.self) { try call("toInteger", [1]) }
    }

    @Test func entityFunctions() throws {
        let node = Node(id: 7, elementID: "4:db:7", labels: ["A"], properties: ["x": 1])
        let relationship = Relationship(
            id: 3,
            elementID: "5:db:3",
            startNodeID: 7,
            startNodeElementID: "4:db:7",
            endNodeID: 7,
            endNodeElementID: "4:db:7",
            type: "KNOWS",
            properties: [:]
        )
        #expect(try call("id", .node(node)) == 7)
        #expect(try call("elementId", .node(node)) == "4:db:7")
        #expect(try call("labels", .node(node)) == ["A"])
        #expect(try call("properties", .node(node)) == ["x": 1])
        #expect(try call("type", .relationship(relationship)) == "KNOWS")
        let path = Value.path(Path(nodes: [node, node], relationships: [relationship]))
        #expect(try call("length", path) == 1)
        #expect(try call("nodes", path) == [.node(node), .node(node)])
        #expect(try call("relationships", path) == [.relationship(relationship)])
    }

    @Test func randIsInUnitInterval() throws {
        guard case .float(let value) = try call("rand") else {
            Issue.record("rand() did not return a float")
            return
        }
        #expect(value >= 0)
        #expect(value < 1)
    }

    @Test func aggregators() throws {
        var sum = Aggregator(kind: .sum, distinct: false)
        for value: Value in [1, 2, .null, 3] { try sum.add(value) }
        #expect(try sum.result() == 6)
        var mixed = Aggregator(kind: .sum, distinct: false)
        for value: Value in [1, 2.5] { try mixed.add(value) }
        #expect(try mixed.result() == 3.5)
        var average = Aggregator(kind: .avg, distinct: false)
        #expect(try average.result() == .null)
        for value: Value in [1, 2] { try average.add(value) }
        #expect(try average.result() == 1.5)
        var distinct = Aggregator(kind: .count, distinct: true)
        for value: Value in [1, 1.0, 2, .null] { try distinct.add(value) }
        #expect(try distinct.result() == 2)
        var collect = Aggregator(kind: .collect, distinct: false)
        for value: Value in [1, .null, "a"] { try collect.add(value) }
        #expect(try collect.result() == [1, "a"])
        var minimum = Aggregator(kind: .min, distinct: false)
        for value: Value in [3, "a", 1] { try minimum.add(value) }
        #expect(try minimum.result() == "a")
        var deviation = Aggregator(kind: .stDev, distinct: false)
        for value: Value in [2, 4, 4, 4, 5, 5, 7, 9] { try deviation.add(value) }
        #expect(try deviation.result() == .float((32.0 / 7.0).squareRoot()))
    }

    @Test func percentiles() throws {
        var discrete = Aggregator(kind: .percentileDisc, distinct: false)
        #expect(try discrete.result() == .null)
        for value: Value in [30.0, 10.0, .null, 20.0] { try discrete.add([value, 0.5]) }
        #expect(try discrete.result() == 20.0)
        var lowest = Aggregator(kind: .percentileDisc, distinct: false)
        for value: Value in [3, 1, 2] { try lowest.add([value, 0]) }
        #expect(try lowest.result() == 1)
        var highest = Aggregator(kind: .percentileDisc, distinct: false)
        for value: Value in [3, 1, 2, 4] { try highest.add([value, 1]) }
        #expect(try highest.result() == 4)
        var continuous = Aggregator(kind: .percentileCont, distinct: false)
        for value: Value in [10, 20, 40] { try continuous.add([value, 0.75]) }
        #expect(try continuous.result() == 30.0)
        var single = Aggregator(kind: .percentileCont, distinct: false)
        try single.add([7, 0.3])
        #expect(try single.result() == 7.0)
    }

    @Test(arguments: [1000, -1, 1.1, .null, "0.5"] as [Value])
    func percentileOutOfRange(percentile: Value) throws {
        for kind in [AggregateKind.percentileDisc, .percentileCont] {
            var aggregator = Aggregator(kind: kind, distinct: false)
            let error = try #require(throws: ServerError.self) { try aggregator.add([10.0, percentile]) }
            #expect(error.status == .argumentError, "\(kind) \(percentile)")
            #expect(error.message.contains("range 0.0 to 1.0"), "\(error.message)")
        }
    }

    @Test func sumOverflowRaises() throws {
        var sum = Aggregator(kind: .sum, distinct: false)
        try sum.add(.integer(.max))
        #expect(throws: Arithmetic.overflow) { try sum.add(1) }
    }
}
