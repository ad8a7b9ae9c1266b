import Cypher
import GraphValue
import Host

/// `SET` items, applied row by row and item by item in written order.
struct SetOperator: EagerOperator {
    let items: [SetItem]
    var description: String { "SetProperties" }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        let writer = EntityWriter(context: context)
        for row in rows {
            try context.budget.checkpoint()
            for item in items {
                switch item {
                case .property(let entity, let key, let value):
                    let target = try evaluator.evaluate(entity, row)
                    try writer.setProperty(key, to: try evaluator.evaluate(value, row), on: target)
                case .replaceProperties(let variable, let value):
                    let properties = try Self.properties(of: evaluator.evaluate(value, row), context)
                    try writer.setProperties(
                        properties,
                        on: evaluator.evaluate(.variable(variable), row),
                        replace: true
                    )
                case .mergeProperties(let variable, let value):
                    let properties = try Self.properties(of: evaluator.evaluate(value, row), context)
                    try writer.setProperties(
                        properties,
                        on: evaluator.evaluate(.variable(variable), row),
                        replace: false
                    )
                case .labels(let variable, let labels):
                    try writer.addLabels(labels, to: evaluator.evaluate(.variable(variable), row))
                }
            }
        }
        return rows
    }

    /// Returns the properties to write for the right side of `=` or `+=`, which is a map, a node or a relationship.
    static func properties(of value: Value, _ context: ExecutionContext) throws -> [String: Value] {
        switch value {
        case .null: return [:]
        case .map(let entries): return entries
        case .node(let node): return try context.current(node).properties
        case .relationship(let relationship): return try context.current(relationship).properties
        default:
            throw ServerError(
                .typeError,
                "Expected a Map, Node or Relationship to set properties from, got \(value.typeName)"
            )
        }
    }
}

/// `REMOVE` items.
struct RemoveOperator: EagerOperator {
    let items: [RemoveItem]
    var description: String { "RemoveProperties" }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        let writer = EntityWriter(context: context)
        for row in rows {
            try context.budget.checkpoint()
            for item in items {
                switch item {
                case .property(let entity, let key):
                    try writer.setProperty(key, to: .null, on: try evaluator.evaluate(entity, row))
                case .labels(let variable, let labels):
                    try writer.removeLabels(labels, from: evaluator.evaluate(.variable(variable), row))
                }
            }
        }
        return rows
    }
}
