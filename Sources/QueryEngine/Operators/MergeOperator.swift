import Cypher
import GraphValue
import Host

/// `MERGE part [ON CREATE SET ...] [ON MATCH SET ...]`: matches the whole part, or creates it.
struct MergeOperator: EagerOperator {
    let part: PatternPart
    let onCreate: [SetItem]
    let onMatch: [SetItem]
    var description: String { "Merge" }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        let matcher = PatternMatcher(context: context, evaluator: evaluator)
        var output: [Row] = []
        for row in rows {
            try context.budget.checkpoint()
            try checkNoNullProperties(row, evaluator)
            let matched = try matcher.match([part], from: row, limit: nil)
            if matched.isEmpty {
                var created = row
                try PatternCreator(context: context).create(part, in: &created)
                output += try SetOperator(items: onCreate).execute([created], context)
            } else {
                output += try SetOperator(items: onMatch).execute(matched, context)
            }
            try context.budget.checkCount(output.count)
        }
        return output
    }

    // MERGE cannot match or create a property equal to null, so Neo4j rejects it up front.
    private func checkNoNullProperties(_ row: Row, _ evaluator: Evaluator) throws {
        let unbound = part.element.nodes.filter { node in node.variable.map { row[$0] == nil } ?? true }
        let expressions = unbound.compactMap(\.properties) + part.element.chain.compactMap(\.relationship.properties)
        for expression in expressions {
            guard case .map(let entries) = try evaluator.evaluate(expression, row) else { continue }
            if let key = entries.keys.sorted().first(where: { entries[$0]?.isNull == true }) {
                throw ServerError(
                    .semanticError,
                    "Cannot merge the following node or relationship because of null property value for '\(key)'"
                )
            }
        }
    }
}
