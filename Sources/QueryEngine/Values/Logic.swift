import GraphValue
import Host

/// Cypher's three-valued boolean logic; `nil` is null.
enum Logic {
    static func and(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == false || b == false { return false }
        if a == nil || b == nil { return nil }
        return true
    }

    static func or(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == true || b == true { return true }
        if a == nil || b == nil { return nil }
        return false
    }

    static func xor(_ a: Bool?, _ b: Bool?) -> Bool? {
        guard let a, let b else { return nil }
        return a != b
    }

    static func not(_ a: Bool?) -> Bool? {
        a.map { !$0 }
    }

    /// Converts the operand of a boolean operator to true, false or null. Any other type raises a TypeError.
    static func operand(_ value: Value, of operatorName: String) throws(ServerError) -> Bool? {
        switch value {
        case .null: return nil
        case .boolean(let b): return b
        default:
            throw ServerError(
                .typeError,
                "Can't use \(operatorName) on a value of type \(value.typeName): \(ValueText.literal(value))"
            )
        }
    }

    /// WHERE keeps a row only when its predicate is true; false and null both drop it.
    static func isTrue(_ value: Value) throws(ServerError) -> Bool {
        switch value {
        case .boolean(let b): return b
        case .null: return false
        default:
            throw ServerError(
                .typeError,
                "Expected a Boolean but got \(value.typeName): \(ValueText.literal(value))"
            )
        }
    }
}

extension Optional where Wrapped == Bool {
    /// The ternary result as a value: true, false or null.
    var value: Value {
        switch self {
        case .some(let b): .boolean(b)
        case .none: .null
        }
    }
}
