import Foundation
import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct ScalarFunctionTests {
    private func call(_ name: String, _ arguments: Value...) throws -> Value {
        let definition = try FunctionRegistry.validate(name: name, argumentCount: arguments.count)
        return try definition.body(arguments, SnapshotResolver())
    }

    static let cases: [(String, [Value], Value)] = [
        ("toIntegerList", [["1", 2.7, "x", .null, true]], [1, 2, .null, .null, 1]),
        ("toIntegerList", [.null], .null),
        ("toFloatList", [["1.5", 2, [1]]], [1.5, 2.0, .null]),
        ("toStringList", [[1, 2.5, true, .null]], ["1", "2.5", "true", .null]),
        ("toBooleanList", [["true", "no", 0, 1.5]], [true, .null, false, .null]),
        ("upper", ["abc"], "ABC"),
        ("lower", ["ABC"], "abc"),
        ("btrim", ["  a b  "], "a b"),
        ("btrim", ["xxaxx", "x"], "a"),
        ("btrim", ["xxx", "x"], ""),
        ("btrim", [.null], .null),
        ("char_length", ["héllo"], 5),
        ("character_length", [.null], .null),
        ("normalize", ["e\u{301}"], "é"),
        ("normalize", ["é", "NFD"], "e\u{301}"),
        ("normalize", ["ﬁ", "NFKC"], "fi"),
        ("nullIf", [1, 1], .null),
        ("nullIf", [1, 2], 1),
        ("nullIf", [.null, 1], .null),
        ("nullIf", [1, .null], 1),
    ]

    @Test(arguments: cases)
    func functionResults(_ name: String, _ arguments: [Value], _ expected: Value) throws {
        let definition = try FunctionRegistry.validate(name: name, argumentCount: arguments.count)
        #expect(try definition.body(arguments, SnapshotResolver()) == expected)
    }

    @Test func listConversionRejectsNonList() {
        #expect(throws: ServerError.self) { try call("toIntegerList", 1) }
    }

    @Test func normalizeRejectsUnknownForm() throws {
        do {
            _ = try call("normalize", "a", "NFX")
            Issue.record("normalize accepted an unknown form")
        } catch let error as ServerError {
            #expect(error.status == .argumentError)
        }
    }

    @Test func randomUUIDHasCanonicalForm() throws {
        guard case .string(let text) = try call("randomUUID") else {
            Issue.record("randomUUID did not return a string")
            return
        }
        #expect(text.count == 36)
        #expect(text == text.lowercased())
        #expect(try call("randomUUID") != .string(text))
    }
}

@Suite struct TrigonometricFunctionTests {
    static let cases: [(String, [Value], Double)] = [
        ("asin", [1], Double.pi / 2),
        ("acos", [1], 0),
        ("atan", [1], Double.pi / 4),
        ("atan2", [1, 1], Double.pi / 4),
        ("cot", [.float(Double.pi / 4)], 1),
        ("sinh", [0], 0),
        ("cosh", [0], 1),
        ("tanh", [0], 0),
        ("coth", [1], 1 / tanh(1)),
        ("haversin", [.float(Double.pi)], 1),
        ("degrees", [.float(Double.pi)], 180),
        ("radians", [180], Double.pi),
    ]

    @Test(arguments: cases)
    func trigonometricResults(_ name: String, _ arguments: [Value], _ expected: Double) throws {
        let definition = try FunctionRegistry.validate(name: name, argumentCount: arguments.count)
        guard case .float(let result) = try definition.body(arguments, SnapshotResolver()) else {
            Issue.record("\(name) did not return a float")
            return
        }
        #expect(abs(result - expected) < 1e-12)
    }

    @Test func nullArgumentsGiveNull() throws {
        for (name, count) in [("asin", 1), ("atan2", 2), ("degrees", 1), ("isNaN", 1)] {
            let definition = try FunctionRegistry.validate(name: name, argumentCount: count)
            #expect(try definition.body(Array(repeating: .null, count: count), SnapshotResolver()) == .null)
        }
    }

    @Test func isNaNChecksFloats() throws {
        let definition = try FunctionRegistry.validate(name: "isNaN", argumentCount: 1)
        #expect(try definition.body([.float(.nan)], SnapshotResolver()) == true)
        #expect(try definition.body([1], SnapshotResolver()) == false)
    }
}
