import Cypher
import GraphValue
import Host

/// `[DETACH] DELETE`: relationships go first, so a node whose relationships the same clause
/// deletes can go too.
struct DeleteOperator: EagerOperator {
    let expressions: [Expression]
    let detach: Bool
    var description: String { detach ? "DetachDelete" : "Delete" }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        var nodes: [Int64] = []
        var relationships: [Int64] = []
        func collect(_ value: Value) throws {
            switch value {
            case .null: break
            case .node(let node): nodes.append(node.id)
            case .relationship(let relationship): relationships.append(relationship.id)
            case .path(let path):
                relationships += path.relationships.map(\.id)
                nodes += path.nodes.map(\.id)
            case .list(let items) where items.allSatisfy({ $0.isEntity }):
                for item in items { try collect(item) }
            default:
                throw ServerError(
                    .typeError,
                    "Expected a Node, Relationship or Path to delete, but got \(value.typeName)"
                )
            }
        }
        for row in rows {
            try context.budget.checkpoint()
            for expression in expressions { try collect(evaluator.evaluate(expression, row)) }
        }
        for id in relationships { try context.deleteRelationship(id: id) }
        for id in nodes { try context.deleteNode(id: id, detach: detach) }
        return rows
    }
}

extension Value {
    fileprivate var isEntity: Bool {
        switch self {
        case .null, .node, .relationship, .path: true
        default: false
        }
    }
}
