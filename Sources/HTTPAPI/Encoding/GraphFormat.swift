import GraphValue
import JSON

/// The `graph` form of a result row: every node and relationship the row contains, each once.
///
/// Entities are found in every column, inside lists, map values and paths. They are listed in
/// the order they are first met, and a repeat of an id is left out. Ids are strings here, as
/// Neo4j writes them in this form.
struct GraphFormat {
    private var nodes: [JSONValue] = []
    private var relationships: [JSONValue] = []
    private var seenNodes: Set<Int64> = []
    private var seenRelationships: Set<Int64> = []

    static func graph(_ row: [Value]) -> JSONValue {
        var graph = GraphFormat()
        for value in row { graph.collect(value) }
        return ["nodes": .array(graph.nodes), "relationships": .array(graph.relationships)]
    }

    private mutating func collect(_ value: Value) {
        switch value {
        case .node(let node):
            add(node)
        case .relationship(let relationship):
            add(relationship)
        case .path(let path):
            for node in path.nodes { add(node) }
            for relationship in path.relationships { add(relationship) }
        case .list(let elements):
            for element in elements { collect(element) }
        case .map(let members):
            for key in members.keys.sorted() { collect(members[key] ?? .null) }
        default:
            break
        }
    }

    private mutating func add(_ node: Node) {
        guard seenNodes.insert(node.id).inserted else { return }
        nodes.append([
            "id": .string(String(node.id)),
            "elementId": .string(node.elementID),
            "labels": .array(node.labels.map { .string($0) }),
            "properties": ValueFormat.properties(node.properties),
        ])
    }

    private mutating func add(_ relationship: Relationship) {
        guard seenRelationships.insert(relationship.id).inserted else { return }
        relationships.append([
            "id": .string(String(relationship.id)),
            "elementId": .string(relationship.elementID),
            "type": .string(relationship.type),
            "startNode": .string(String(relationship.startNodeID)),
            "endNode": .string(String(relationship.endNodeID)),
            "properties": ValueFormat.properties(relationship.properties),
        ])
    }
}
