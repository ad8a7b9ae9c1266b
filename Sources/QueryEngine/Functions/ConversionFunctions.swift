import GraphValue
import Host

/// `toString`, `toInteger`, `toFloat`, `toBoolean`, their `OrNull` forms and their `List` forms.
///
/// Text that does not parse gives null. An argument of a type that cannot convert raises a
/// TypeError, except in the `OrNull` forms, which return null instead. The `List` forms convert
/// each element as the `OrNull` form does, so an element that cannot convert becomes null.
enum ConversionFunctions {
    static let definitions: [FunctionDefinition] = [
        convert("toString", toString),
        convert("toInteger", toInteger),
        convert("toFloat", toFloat),
        convert("toBoolean", toBoolean),
        orNull("toStringOrNull", toString),
        orNull("toIntegerOrNull", toInteger),
        orNull("toFloatOrNull", toFloat),
        orNull("toBooleanOrNull", toBoolean),
        eachElement("toStringList", toString),
        eachElement("toIntegerList", toInteger),
        eachElement("toFloatList", toFloat),
        eachElement("toBooleanList", toBoolean),
    ]

    private typealias Conversion = @Sendable (Value) -> Value?

    private static func convert(_ name: String, _ conversion: @escaping Conversion) -> FunctionDefinition {
        FunctionDefinition(name, arity: 1) { args, _ in
            guard let result = conversion(args[0]) else {
                throw ServerError(
                    .typeError,
                    "Invalid input for function '\(name)()': Expected a String, Number or Boolean, got: "
                        + ValueText.literal(args[0])
                )
            }
            return result
        }
    }

    private static func orNull(_ name: String, _ conversion: @escaping Conversion) -> FunctionDefinition {
        FunctionDefinition(name, arity: 1) { args, _ in conversion(args[0]) ?? .null }
    }

    private static func eachElement(_ name: String, _ conversion: @escaping Conversion) -> FunctionDefinition {
        FunctionDefinition(name, arity: 1) { args, _ in
            switch args[0] {
            case .null:
                return .null
            case .list(let items):
                return .list(items.map { conversion($0) ?? .null })
            default:
                throw Arguments.mismatch(name, expected: "List", got: args[0])
            }
        }
    }

    // Each conversion returns nil for an unconvertible type and .null for unparsable text.
    private static let toString: Conversion = { value in
        switch value {
        case .null: .null
        case .string, .integer, .float, .boolean, .date, .time, .localTime, .dateTime, .localDateTime, .duration,
            .point:
            .string(ValueText.string(value))
        default: nil
        }
    }

    private static let toInteger: Conversion = { value in
        switch value {
        case .null: .null
        case .integer: value
        case .boolean(let b): .integer(b ? 1 : 0)
        case .float(let d): integer(truncating: d)
        case .string(let s):
            if let i = Int64(s.trimmingWhitespace) {
                .integer(i)
            } else {
                Double(s.trimmingWhitespace).map(integer) ?? .null
            }
        default: nil
        }
    }

    private static let toFloat: Conversion = { value in
        switch value {
        case .null: .null
        case .float: value
        case .integer(let i): .float(Double(i))
        case .string(let s): Double(s.trimmingWhitespace).map { .float($0) } ?? .null
        default: nil
        }
    }

    private static let toBoolean: Conversion = { value in
        switch value {
        case .null: .null
        case .boolean: value
        case .integer(let i): .boolean(i != 0)
        case .string(let s):
            switch s.trimmingWhitespace.lowercased() {
            case "true": true
            case "false": false
            default: .null
            }
        default: nil
        }
    }

    private static func integer(truncating d: Double) -> Value {
        let whole = d.rounded(.towardZero)
        guard whole.isFinite, whole >= -9.223372036854775808e18, whole < 9.223372036854775808e18 else { return .null }
        return .integer(Int64(whole))
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
