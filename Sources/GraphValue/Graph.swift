/// A node as returned to clients: a snapshot of the stored entity at the time it was read.
public struct Node: Sendable, Hashable {
    public var id: Int64
    public var elementID: String
    public var labels: [String]
    public var properties: [String: Value]

    public init(id: Int64, elementID: String, labels: [String], properties: [String: Value]) {
        self.id = id
        self.elementID = elementID
        self.labels = labels
        self.properties = properties
    }
}

/// A relationship as returned to clients, with the ids of both end nodes.
public struct Relationship: Sendable, Hashable {
    public var id: Int64
    public var elementID: String
    public var startNodeID: Int64
    public var startNodeElementID: String
    public var endNodeID: Int64
    public var endNodeElementID: String
    public var type: String
    public var properties: [String: Value]

    public init(
        id: Int64,
        elementID: String,
        startNodeID: Int64,
        startNodeElementID: String,
        endNodeID: Int64,
        endNodeElementID: String,
        type: String,
        properties: [String: Value]
    ) {
        self.id = id
        self.elementID = elementID
        self.startNodeID = startNodeID
        self.startNodeElementID = startNodeElementID
        self.endNodeID = endNodeID
        self.endNodeElementID = endNodeElementID
        self.type = type
        self.properties = properties
    }
}

/// An alternating sequence of nodes and relationships, starting and ending with a node.
///
/// `relationships[i]` connects `nodes[i]` and `nodes[i + 1]` in either direction; its
/// `startNodeID` tells which way it was traversed.
public struct Path: Sendable, Hashable {
    public var nodes: [Node]
    public var relationships: [Relationship]

    public init(nodes: [Node], relationships: [Relationship]) {
        precondition(nodes.count == relationships.count + 1, "a path has one node more than relationships")
        self.nodes = nodes
        self.relationships = relationships
    }
}
