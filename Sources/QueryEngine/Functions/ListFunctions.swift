import GraphValue
import Host

/// Functions over lists, plus `size`, `coalesce` and `reverse`, which also take strings.
enum ListFunctions {
    /// The longest list `range()` builds, so a typo cannot exhaust memory.
    static let maximumRangeCount: Int64 = 100_000_000

    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("size", arity: 1) { args, _ in
            switch args[0] {
            case .null: return .null
            case .list(let items): return .integer(Int64(items.count))
            // Neo4j counts code points.
            case .string(let s): return .integer(Int64(s.unicodeScalars.count))
            default: throw Arguments.mismatch("size", expected: "List or String", got: args[0])
            }
        },
        FunctionDefinition("coalesce", arity: 1...Int.max) { args, _ in
            args.first { !$0.isNull } ?? .null
        },
        FunctionDefinition("head", arity: 1) { args, _ in
            if args[0].isNull { return .null }
            return try Arguments.list(args[0], "head").first ?? .null
        },
        FunctionDefinition("last", arity: 1) { args, _ in
            if args[0].isNull { return .null }
            return try Arguments.list(args[0], "last").last ?? .null
        },
        FunctionDefinition("tail", arity: 1) { args, _ in
            if args[0].isNull { return .null }
            return .list(Array(try Arguments.list(args[0], "tail").dropFirst()))
        },
        FunctionDefinition("reverse", arity: 1) { args, _ in
            switch args[0] {
            case .null: return .null
            case .list(let items): return .list(items.reversed())
            case .string(let s): return .string(String(s.reversed()))
            default: throw Arguments.mismatch("reverse", expected: "List or String", got: args[0])
            }
        },
        FunctionDefinition("isEmpty", arity: 1) { args, _ in
            switch args[0] {
            case .null: return .null
            case .list(let items): return .boolean(items.isEmpty)
            case .string(let s): return .boolean(s.isEmpty)
            case .map(let entries): return .boolean(entries.isEmpty)
            default: throw Arguments.mismatch("isEmpty", expected: "List, String or Map", got: args[0])
            }
        },
        FunctionDefinition("range", arity: 2...3, range),
    ]

    private static func range(_ args: [Value], _ resolver: any EntityResolver) throws -> Value {
        let range = try IntegerRange(arguments: args)
        guard let steps = range.steps else { return .list([]) }
        if steps >= UInt64(resolver.budget.limits.maximumRows) {
            throw ExecutionBudget.memoryExceeded(limit: resolver.budget.limits.maximumRows)
        }
        guard steps < UInt64(maximumRangeCount) else {
            throw ServerError(.argumentError, "range() would create more than \(maximumRangeCount) elements")
        }
        var items: [Value] = []
        items.reserveCapacity(Int(steps) + 1)
        for number in range {
            try resolver.budget.checkpoint()
            items.append(.integer(number))
        }
        return .list(items)
    }
}
