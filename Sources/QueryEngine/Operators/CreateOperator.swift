import Cypher
import GraphValue
import Host

/// `CREATE pattern`: creates the unbound nodes and every relationship, once per row.
struct CreateOperator: EagerOperator {
    let pattern: Pattern
    var description: String { "Create" }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let creator = PatternCreator(context: context)
        return try rows.map { row in
            try context.budget.checkpoint()
            var extended = row
            for part in pattern.parts { try creator.create(part, in: &extended) }
            return extended
        }
    }
}

/// Creates the entities of one pattern part, reusing nodes already bound in the row.
struct PatternCreator {
    let context: ExecutionContext

    func create(_ part: PatternPart, in row: inout Row) throws {
        let evaluator = Evaluator(context)
        var nodes: [Node] = [try node(for: part.element.start, &row, evaluator)]
        var relationships: [Relationship] = []
        for step in part.element.chain {
            let next = try node(for: step.node, &row, evaluator)
            let previous = nodes[nodes.count - 1]
            let pattern = step.relationship
            guard let type = pattern.types.first else {
                throw ServerError(.syntaxError, "Exactly one relationship type must be specified for CREATE")
            }
            let properties = try Self.properties(pattern.properties, row, evaluator)
            let (start, end) = pattern.direction == .incoming ? (next.id, previous.id) : (previous.id, next.id)
            let relationship = try context.createRelationship(type: type, from: start, to: end, properties: properties)
            if let variable = pattern.variable { row[variable] = .relationship(relationship) }
            nodes.append(next)
            relationships.append(relationship)
        }
        if let variable = part.variable {
            row[variable] = .path(Path(nodes: nodes, relationships: relationships))
        }
    }

    private func node(for pattern: NodePattern, _ row: inout Row, _ evaluator: Evaluator) throws -> Node {
        if let variable = pattern.variable, let bound = row[variable] {
            switch bound {
            case .node(let node):
                return try context.current(node)
            case .null:
                throw ServerError(
                    .syntaxError,
                    "Failed to create relationship, because node `\(variable)` is null"
                )
            default:
                throw ServerError(.typeError, "Type mismatch: expected Node but was \(bound.typeName)")
            }
        }
        let properties = try Self.properties(pattern.properties, row, evaluator)
        var labels: [String] = []
        for label in pattern.labels where !labels.contains(label) { labels.append(label) }
        let node = try context.createNode(labels: labels, properties: properties)
        if let variable = pattern.variable { row[variable] = .node(node) }
        return node
    }

    static func properties(_ expression: Expression?, _ row: Row, _ evaluator: Evaluator) throws -> [String: Value] {
        guard let expression else { return [:] }
        switch try evaluator.evaluate(expression, row) {
        case .map(let entries): return try PropertyValues.storable(entries)
        case .null: return [:]
        case let other:
            throw ServerError(.typeError, "Expected a map of properties, but got \(other.typeName)")
        }
    }
}
