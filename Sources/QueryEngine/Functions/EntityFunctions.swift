import GraphValue
import Host

/// Functions over nodes, relationships, paths and maps.
enum EntityFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("id", arity: 1) { args, _ in
            switch args[0] {
            case .null: return .null
            case .node(let node): return .integer(node.id)
            case .relationship(let relationship): return .integer(relationship.id)
            default: throw Arguments.mismatch("id", expected: "Node or Relationship", got: args[0])
            }
        },
        FunctionDefinition("elementId", arity: 1) { args, _ in
            switch args[0] {
            case .null: return .null
            case .node(let node): return .string(node.elementID)
            case .relationship(let relationship): return .string(relationship.elementID)
            default: throw Arguments.mismatch("elementId", expected: "Node or Relationship", got: args[0])
            }
        },
        FunctionDefinition("labels", arity: 1) { args, resolver in
            switch args[0] {
            case .null: return .null
            case .node(let node): return .list(try resolver.current(node).labels.map { .string($0) })
            default: throw Arguments.mismatch("labels", expected: "Node", got: args[0])
            }
        },
        FunctionDefinition("type", arity: 1) { args, _ in
            switch args[0] {
            case .null: return .null
            case .relationship(let relationship): return .string(relationship.type)
            default: throw Arguments.mismatch("type", expected: "Relationship", got: args[0])
            }
        },
        FunctionDefinition("properties", arity: 1) { args, resolver in
            try properties(args[0], "properties", resolver).map { .map($0) } ?? .null
        },
        FunctionDefinition("keys", arity: 1) { args, resolver in
            guard let entries = try properties(args[0], "keys", resolver) else { return .null }
            return .list(entries.keys.sorted().map { .string($0) })
        },
        FunctionDefinition("startNode", arity: 1) { args, resolver in
            try endpoint(args[0], "startNode", resolver, start: true)
        },
        FunctionDefinition("endNode", arity: 1) { args, resolver in
            try endpoint(args[0], "endNode", resolver, start: false)
        },
        FunctionDefinition("nodes", arity: 1) { args, _ in
            switch args[0] {
            case .null: return .null
            case .path(let path): return .list(path.nodes.map { .node($0) })
            default: throw Arguments.mismatch("nodes", expected: "Path", got: args[0])
            }
        },
        FunctionDefinition("relationships", arity: 1) { args, _ in
            switch args[0] {
            case .null: return .null
            case .path(let path): return .list(path.relationships.map { .relationship($0) })
            default: throw Arguments.mismatch("relationships", expected: "Path", got: args[0])
            }
        },
        FunctionDefinition("length", arity: 1) { args, _ in
            switch args[0] {
            case .null: return .null
            case .path(let path): return .integer(Int64(path.relationships.count))
            default: throw Arguments.mismatch("length", expected: "Path", got: args[0])
            }
        },
        // `exists(n.prop)` is the pre-5.0 spelling of `n.prop IS NOT NULL`.
        FunctionDefinition("exists", arity: 1) { args, _ in .boolean(!args[0].isNull) },
        FunctionDefinition("timestamp", arity: 0) { _, resolver in .integer(resolver.statementTimestamp) },
    ]

    private static func properties(
        _ value: Value,
        _ function: String,
        _ resolver: any EntityResolver
    ) throws -> [String: Value]? {
        switch value {
        case .null: return nil
        case .map(let entries): return entries
        case .node(let node): return try resolver.current(node).properties
        case .relationship(let relationship): return try resolver.current(relationship).properties
        default: throw Arguments.mismatch(function, expected: "Map, Node or Relationship", got: value)
        }
    }

    private static func endpoint(
        _ value: Value,
        _ function: String,
        _ resolver: any EntityResolver,
        start: Bool
    ) throws -> Value {
        switch value {
        case .null: return .null
        case .relationship(let relationship):
            return .node(try resolver.node(id: start ? relationship.startNodeID : relationship.endNodeID))
        default: throw Arguments.mismatch(function, expected: "Relationship", got: value)
        }
    }
}
