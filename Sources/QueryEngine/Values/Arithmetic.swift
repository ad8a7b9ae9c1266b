import Foundation
import GraphValue
import Host

/// Cypher's arithmetic operators. Null in either operand gives null; Int64 overflow and
/// integer division by zero raise `ArithmeticError`, while float division follows IEEE 754.
/// Operands with a duration go to ``DurationArithmetic``.
enum Arithmetic {
    static let overflow = ServerError(.arithmeticError, "long overflow")
    static let divisionByZero = ServerError(.arithmeticError, "/ by zero")

    static func add(_ lhs: Value, _ rhs: Value) throws(ServerError) -> Value {
        switch (lhs, rhs) {
        case (.null, _), (_, .null):
            return .null
        case (.list(let a), .list(let b)):
            return .list(a + b)
        case (.list(let a), _):
            try Nesting.checkElement(rhs)
            return .list(a + [rhs])
        case (_, .list(let b)):
            try Nesting.checkElement(lhs)
            return .list([lhs] + b)
        case (.string(let a), .string(let b)):
            return .string(a + b)
        case (.string(let a), _) where rhs.isConcatenableScalar:
            return .string(a + ValueText.string(rhs))
        case (_, .string(let b)) where lhs.isConcatenableScalar:
            return .string(ValueText.string(lhs) + b)
        default:
            if let result = try DurationArithmetic.add(lhs, rhs) { return result }
            return try numeric(lhs, rhs, "add", integer: { a, b in a.addingReportingOverflow(b) }, float: +)
        }
    }

    static func subtract(_ lhs: Value, _ rhs: Value) throws(ServerError) -> Value {
        if let result = try DurationArithmetic.subtract(lhs, rhs) { return result }
        return try numeric(lhs, rhs, "subtract", integer: { a, b in a.subtractingReportingOverflow(b) }, float: -)
    }

    static func multiply(_ lhs: Value, _ rhs: Value) throws(ServerError) -> Value {
        if let result = try DurationArithmetic.multiply(lhs, rhs) { return result }
        return try numeric(lhs, rhs, "multiply", integer: { a, b in a.multipliedReportingOverflow(by: b) }, float: *)
    }

    static func divide(_ lhs: Value, _ rhs: Value) throws(ServerError) -> Value {
        if let result = try DurationArithmetic.divide(lhs, rhs) { return result }
        if case .integer(let a) = lhs, case .integer(let b) = rhs {
            if b == 0 { throw divisionByZero }
            let (quotient, overflowed) = a.dividedReportingOverflow(by: b)
            if overflowed { throw overflow }
            return .integer(quotient)
        }
        return try numeric(lhs, rhs, "divide", integer: { a, b in a.dividedReportingOverflow(by: b) }, float: /)
    }

    static func modulo(_ lhs: Value, _ rhs: Value) throws(ServerError) -> Value {
        if case .integer(let a) = lhs, case .integer(let b) = rhs {
            if b == 0 { throw divisionByZero }
            // Int64.min % -1 overflows in hardware, but the remainder is 0 mathematically.
            if b == -1 { return .integer(0) }
            return .integer(a % b)
        }
        return try numeric(
            lhs,
            rhs,
            "take the modulo of",
            integer: { a, b in a.remainderReportingOverflow(dividingBy: b) },
            float: { $0.truncatingRemainder(dividingBy: $1) }
        )
    }

    /// `^` always yields a float, as in Neo4j.
    static func power(_ lhs: Value, _ rhs: Value) throws(ServerError) -> Value {
        if lhs.isNull || rhs.isNull { return .null }
        guard let a = lhs.doubleValue, let b = rhs.doubleValue else {
            throw mismatch("raise", lhs, rhs)
        }
        return .float(pow(a, b))
    }

    static func negate(_ operand: Value) throws(ServerError) -> Value {
        switch operand {
        case .null: return .null
        case .integer(let i):
            if i == .min { throw overflow }
            return .integer(-i)
        case .float(let d): return .float(-d)
        case .duration(let d):
            return .duration(try DurationArithmetic.negate(d))
        default:
            throw ServerError(
                .typeError,
                "Cannot negate a value of type \(operand.typeName): \(ValueText.literal(operand))"
            )
        }
    }

    private static func numeric(
        _ lhs: Value,
        _ rhs: Value,
        _ verb: String,
        integer: (Int64, Int64) -> (partialValue: Int64, overflow: Bool),
        float: (Double, Double) -> Double
    ) throws(ServerError) -> Value {
        switch (lhs, rhs) {
        case (.null, _), (_, .null):
            return .null
        case (.integer(let a), .integer(let b)):
            let (result, overflowed) = integer(a, b)
            if overflowed { throw overflow }
            return .integer(result)
        default:
            guard let a = lhs.doubleValue, let b = rhs.doubleValue else { throw mismatch(verb, lhs, rhs) }
            return .float(float(a, b))
        }
    }

    private static func mismatch(_ verb: String, _ lhs: Value, _ rhs: Value) -> ServerError {
        ServerError(.typeError, "Cannot \(verb) `\(lhs.typeName)` and `\(rhs.typeName)`")
    }
}

extension Value {
    /// The value as a Double when it is a number.
    var doubleValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .float(let d): d
        default: nil
        }
    }

    /// Values that `+` turns into text beside a string.
    fileprivate var isConcatenableScalar: Bool {
        switch self {
        case .integer, .float, .boolean, .date, .time, .localTime, .dateTime, .localDateTime, .duration, .point:
            true
        default:
            false
        }
    }
}
