import Foundation
import GraphValue
import Host

/// Mathematical functions. Integer input keeps its type only for `abs` and `sign`.
enum NumericFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("abs", arity: 1) { args, _ in
            switch args[0] {
            case .null: return .null
            case .integer(let i):
                if i == .min { throw Arithmetic.overflow }
                return .integer(Swift.abs(i))
            case .float(let d): return .float(Swift.abs(d))
            default: throw Arguments.mismatch("abs", expected: "Number", got: args[0])
            }
        },
        FunctionDefinition("sign", arity: 1) { args, _ in
            switch args[0] {
            case .null: return .null
            case .integer(let i): return .integer(i.signum())
            case .float(let d): return .integer(d.isNaN || d == 0 ? 0 : (d < 0 ? -1 : 1))
            default: throw Arguments.mismatch("sign", expected: "Number", got: args[0])
            }
        },
        FunctionDefinition("round", arity: 1...3, round),
        unary("ceil") { $0.rounded(.up) },
        unary("floor") { $0.rounded(.down) },
        unary("sqrt") { $0.squareRoot() },
        unary("exp") { Foundation.exp($0) },
        unary("log") { Foundation.log($0) },
        unary("log10") { Foundation.log10($0) },
        unary("sin") { Foundation.sin($0) },
        unary("cos") { Foundation.cos($0) },
        unary("tan") { Foundation.tan($0) },
        unary("cot") { 1 / Foundation.tan($0) },
        unary("asin") { Foundation.asin($0) },
        unary("acos") { Foundation.acos($0) },
        unary("atan") { Foundation.atan($0) },
        FunctionDefinition("atan2", arity: 2) { args, _ in
            if args.contains(where: \.isNull) { return .null }
            return .float(
                Foundation.atan2(try Arguments.number(args[0], "atan2"), try Arguments.number(args[1], "atan2"))
            )
        },
        unary("sinh") { Foundation.sinh($0) },
        unary("cosh") { Foundation.cosh($0) },
        unary("tanh") { Foundation.tanh($0) },
        unary("coth") { 1 / Foundation.tanh($0) },
        unary("haversin") { (1 - Foundation.cos($0)) / 2 },
        unary("degrees") { $0 * 180 / Double.pi },
        unary("radians") { $0 * Double.pi / 180 },
        FunctionDefinition("isNaN", arity: 1) { args, _ in
            if args[0].isNull { return .null }
            return .boolean(try Arguments.number(args[0], "isNaN").isNaN)
        },
        FunctionDefinition("rand", arity: 0) { _, _ in .float(Double.random(in: 0..<1)) },
        FunctionDefinition("pi", arity: 0) { _, _ in .float(Double.pi) },
        FunctionDefinition("e", arity: 0) { _, _ in .float(M_E) },
    ]

    private static func unary(_ name: String, _ transform: @escaping @Sendable (Double) -> Double)
        -> FunctionDefinition
    {
        FunctionDefinition(name, arity: 1) { args, _ in
            if args[0].isNull { return .null }
            return .float(transform(try Arguments.number(args[0], name)))
        }
    }

    /// `round(x)` rounds halves up, like Java's `Math.round`; `round(x, precision[, mode])`
    /// rounds halves away from zero unless a mode is given.
    private static func round(_ args: [Value], _ resolver: any EntityResolver) throws -> Value {
        if args[0].isNull { return .null }
        let value = try Arguments.number(args[0], "round")
        guard args.count > 1 else { return .float((value + 0.5).rounded(.down)) }
        let precision = try Arguments.integer(args[1], "round")
        let scale = Foundation.pow(10.0, Double(precision))
        var rule = FloatingPointRoundingRule.toNearestOrAwayFromZero
        if args.count > 2 {
            let mode = try Arguments.string(args[2], "round").uppercased()
            let rules: [String: FloatingPointRoundingRule] = [
                "UP": .awayFromZero, "DOWN": .towardZero, "CEILING": .up, "FLOOR": .down,
                "HALF_UP": .toNearestOrAwayFromZero, "HALF_EVEN": .toNearestOrEven,
            ]
            guard let chosen = rules[mode] else {
                throw ServerError(.argumentError, "Unknown rounding mode \(mode) for round()")
            }
            rule = chosen
        }
        return .float((value * scale).rounded(rule) / scale)
    }
}
