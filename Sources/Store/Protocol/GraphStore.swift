public import GraphValue
import Host

/// A stored node: its id, labels and properties.
public struct NodeRecord: Sendable, Hashable {
    public var id: Int64
    public var labels: [String]
    public var properties: [String: Value]

    public init(id: Int64, labels: [String], properties: [String: Value]) {
        self.id = id
        self.labels = labels
        self.properties = properties
    }
}

/// A stored relationship between two nodes.
public struct RelationshipRecord: Sendable, Hashable {
    public var id: Int64
    public var type: String
    public var startNodeID: Int64
    public var endNodeID: Int64
    public var properties: [String: Value]

    public init(id: Int64, type: String, startNodeID: Int64, endNodeID: Int64, properties: [String: Value]) {
        self.id = id
        self.type = type
        self.startNodeID = startNodeID
        self.endNodeID = endNodeID
        self.properties = properties
    }
}

/// The direction in which to follow a node's relationships.
public enum Direction: Sendable, Hashable {
    /// Relationships that start at the node.
    case outgoing
    /// Relationships that end at the node.
    case incoming
    case both
}

/// A label-and-property index.
public struct IndexDescriptor: Sendable, Hashable {
    public var name: String
    public var label: String
    public var properties: [String]

    public init(name: String, label: String, properties: [String]) {
        self.name = name
        self.label = label
        self.properties = properties
    }
}

/// Durable graph storage for one or more databases.
///
/// Every call blocks on I/O; callers run them on a blocking pool. Implementations must make a
/// committed transaction durable before `commit()` returns.
public protocol GraphStore: Sendable {
    /// The data databases this store holds.
    var databaseNames: [String] { get }

    /// Starts a transaction; `readOnly` transactions may run beside others.
    func beginTransaction(database: String, readOnly: Bool) throws -> any StoreTransaction

    /// Returns the id that identifies the database, used in element ids (`4:<uuid>:<id>`).
    func databaseIdentifier(_ database: String) throws -> String

    /// Closes every file; later calls fail.
    func close()
}

/// One storage transaction. Not thread-safe: one caller uses it at a time.
///
/// Errors are ``ServerError``s: a busy database is `Neo.TransientError.Transaction.*`, so
/// drivers retry; storage faults are `Neo.DatabaseError.*`.
public protocol StoreTransaction: AnyObject {
    // MARK: Nodes
    func createNode(labels: [String], properties: [String: Value]) throws -> NodeRecord
    func node(id: Int64) throws -> NodeRecord?
    /// Returns all nodes, or those with `label`, in id order.
    func nodes(label: String?) throws -> [NodeRecord]
    /// Nodes with `label` whose `key` property equals `value`; uses an index when one exists.
    func nodes(label: String, key: String, equals value: Value) throws -> [NodeRecord]
    /// Replaces the node's labels and properties with those of `record`.
    func updateNode(_ record: NodeRecord) throws
    /// Deletes a node; throws `ConstraintValidationFailed` if relationships remain.
    func deleteNode(id: Int64) throws
    /// Deletes a node and all its relationships, as Cypher's `DETACH DELETE` does.
    func detachDeleteNode(id: Int64) throws
    /// Counts the nodes, or the nodes with `label`.
    func nodeCount(label: String?) throws -> Int

    // MARK: Relationships
    func createRelationship(type: String, from start: Int64, to end: Int64, properties: [String: Value]) throws
        -> RelationshipRecord
    func relationship(id: Int64) throws -> RelationshipRecord?
    /// Returns all relationships, or those of `type`, in id order.
    func relationships(type: String?) throws -> [RelationshipRecord]
    /// The relationships of a node in a direction, limited to `types` unless it is empty, in id
    /// order; with `.both`, a relationship from the node to itself appears once.
    func relationships(of node: Int64, direction: Direction, types: [String]) throws -> [RelationshipRecord]
    /// The number of relationships `relationships(of:direction:types:)` would return.
    func degree(of node: Int64, direction: Direction, types: [String]) throws -> Int
    /// Counts the relationships, or the relationships of `type`.
    func relationshipCount(type: String?) throws -> Int
    func updateRelationship(_ record: RelationshipRecord) throws
    func deleteRelationship(id: Int64) throws

    // MARK: Schema and catalogue
    /// Creates an index; throws `EquivalentSchemaRuleAlreadyExists` if the name or the same
    /// label and properties are taken.
    func createIndex(_ index: IndexDescriptor) throws
    /// Drops an index by name; throws `IndexNotFound` if there is none.
    func dropIndex(named name: String) throws
    func indexes() throws -> [IndexDescriptor]
    func labels() throws -> [String]
    func relationshipTypes() throws -> [String]
    func propertyKeys() throws -> [String]

    // MARK: Completion
    /// Declares that the transaction will write. A store that locks lazily can take its write
    /// lock now, before the first read, so a later write cannot fail on a stale snapshot.
    func reserveWrite() throws
    func commit() throws
    /// Rolls back; a no-op after commit or an earlier rollback.
    func rollback()
}

/// Defaults built from the required calls, for stores without a faster way.
extension StoreTransaction {
    public func detachDeleteNode(id: Int64) throws {
        for relationship in try relationships(of: id, direction: .both, types: []) {
            try deleteRelationship(id: relationship.id)
        }
        try deleteNode(id: id)
    }

    public func nodeCount(label: String?) throws -> Int { try nodes(label: label).count }

    public func degree(of node: Int64, direction: Direction, types: [String]) throws -> Int {
        try relationships(of: node, direction: direction, types: types).count
    }

    public func relationshipCount(type: String?) throws -> Int { try relationships(type: type).count }

    public func reserveWrite() throws {}
}
