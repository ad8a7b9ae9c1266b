import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct ArithmeticTests {
    @Test func integerOverflowRaises() {
        #expect(throws: Arithmetic.overflow) { try Arithmetic.add(.integer(.max), 1) }
        #expect(throws: Arithmetic.overflow) { try Arithmetic.subtract(.integer(.min), 1) }
        #expect(throws: Arithmetic.overflow) { try Arithmetic.multiply(.integer(.max), 2) }
        #expect(throws: Arithmetic.overflow) { try Arithmetic.negate(.integer(.min)) }
        #expect(throws: Arithmetic.overflow) { try Arithmetic.divide(.integer(.min), -1) }
    }

    @Test func overflowMessage() throws {
        let error = try #require(throws: ServerError.self) { try Arithmetic.add(.integer(.max), 1) }
        #expect(error.status == .arithmeticError)
        #expect(error.message == "long overflow")
    }

    @Test func integerDivisionByZero() throws {
        let error = try #require(throws: ServerError.self) { try Arithmetic.divide(1, 0) }
        #expect(error.status == .arithmeticError)
        #expect(error.message == "/ by zero")
        #expect(throws: Arithmetic.divisionByZero) { try Arithmetic.modulo(1, 0) }
    }

    @Test func floatDivisionFollowsIEEE() throws {
        #expect(try Arithmetic.divide(1.0, 0) == .float(.infinity))
        #expect(try Arithmetic.divide(-1, 0.0) == .float(-.infinity))
        #expect(try Arithmetic.divide(0.0, 0).isNaN)
    }

    @Test func mixedAndIntegerResults() throws {
        #expect(try Arithmetic.add(1, 2) == 3)
        #expect(try Arithmetic.add(1, 2.5) == 3.5)
        #expect(try Arithmetic.divide(7, 2) == 3)
        #expect(try Arithmetic.divide(-7, 2) == -3)
        #expect(try Arithmetic.modulo(-7, 3) == -1)
        #expect(try Arithmetic.modulo(.integer(.min), -1) == 0)
        #expect(try Arithmetic.power(2, 3) == 8.0)
        #expect(try Arithmetic.multiply(.null, 3) == .null)
    }

    @Test func stringAndListConcatenation() throws {
        #expect(try Arithmetic.add("a", "b") == "ab")
        #expect(try Arithmetic.add("a", 1) == "a1")
        #expect(try Arithmetic.add(1.5, "x") == "1.5x")
        #expect(try Arithmetic.add([1], [2]) == [1, 2])
        #expect(try Arithmetic.add([1], 2) == [1, 2])
        #expect(try Arithmetic.add(0, [1]) == [0, 1])
        #expect(try Arithmetic.add("a", .null) == .null)
    }

    @Test func typeMismatchIsTypeError() throws {
        let error = try #require(throws: ServerError.self) { try Arithmetic.subtract("a", 1) }
        #expect(error.status == .typeError)
        #expect(throws: ServerError.self) { try Arithmetic.add(true, 1) }
    }
}
