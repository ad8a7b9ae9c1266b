import GraphValue
import Host

/// A scalar function callable from Cypher.
struct FunctionDefinition: Sendable {
    typealias Body = @Sendable (_ arguments: [Value], _ resolver: any EntityResolver) throws -> Value

    let name: String
    let arity: ClosedRange<Int>
    let body: Body

    init(_ name: String, arity: ClosedRange<Int>, _ body: @escaping Body) {
        self.name = name
        self.arity = arity
        self.body = body
    }

    init(_ name: String, arity: Int, _ body: @escaping Body) {
        self.init(name, arity: arity...arity, body)
    }
}

/// Every scalar function, keyed by lower-cased name because Cypher function names ignore case.
///
/// To add a function, append a definition to one of the per-topic tables.
enum FunctionRegistry {
    static let functions: [String: FunctionDefinition] = {
        let all =
            EntityFunctions.definitions + ListFunctions.definitions + StringFunctions.definitions
            + NumericFunctions.definitions + ConversionFunctions.definitions + ScalarFunctions.definitions
            + TemporalFunctions.definitions + DurationFunctions.definitions
        return Dictionary(all.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }()

    static func function(named name: String) -> FunctionDefinition? {
        functions[name.lowercased()]
    }

    /// Checks a call's name and argument count, as Neo4j does when it compiles a query.
    static func validate(name: String, argumentCount: Int) throws(ServerError) -> FunctionDefinition {
        guard let definition = function(named: name) else {
            throw ServerError(.syntaxError, "Unknown function '\(name)'")
        }
        if argumentCount < definition.arity.lowerBound {
            throw ServerError(.syntaxError, "Insufficient parameters for function '\(definition.name)'")
        }
        if argumentCount > definition.arity.upperBound {
            throw ServerError(.syntaxError, "Too many parameters for function '\(definition.name)'")
        }
        return definition
    }
}

/// Argument checks shared by the function tables.
enum Arguments {
    static func mismatch(_ function: String, expected: String, got value: Value) -> ServerError {
        ServerError(
            .typeError,
            "Expected a \(expected) value for `\(function)`, but got: \(value.typeName)(\(ValueText.literal(value)))"
        )
    }

    static func string(_ value: Value, _ function: String) throws(ServerError) -> String {
        guard case .string(let s) = value else { throw mismatch(function, expected: "String", got: value) }
        return s
    }

    static func integer(_ value: Value, _ function: String) throws(ServerError) -> Int64 {
        switch value {
        case .integer(let i): return i
        case .float(let d) where d.rounded(.towardZero) == d && abs(d) < 9.2e18: return Int64(d)
        default: throw mismatch(function, expected: "Integer", got: value)
        }
    }

    static func number(_ value: Value, _ function: String) throws(ServerError) -> Double {
        guard let d = value.doubleValue else { throw mismatch(function, expected: "Number", got: value) }
        return d
    }

    static func list(_ value: Value, _ function: String) throws(ServerError) -> [Value] {
        guard case .list(let items) = value else { throw mismatch(function, expected: "List", got: value) }
        return items
    }
}
