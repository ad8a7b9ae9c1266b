import Cypher
import Foundation
import GraphValue
import Host
import Store

/// A row: the values of the variables in scope.
typealias Row = [String: Value]

/// The state one statement runs with: the store transaction, parameters, counters and the
/// entities it has touched.
///
/// Not thread-safe; one statement uses it at a time. Reads go through ``node(id:)`` and
/// ``relationship(id:)``, which return what this transaction wrote, so later clauses see the
/// writes of earlier ones.
final class ExecutionContext: EntityResolver {
    let transaction: any StoreTransaction
    let parameters: [String: Value]
    let databaseID: String
    let statementTimestamp: Int64
    /// The user the statement runs for; nil when no session runs it, as in engine tests.
    let identity: Identity?
    /// The procedures that `CALL` may name, also in subqueries planned while the statement runs.
    let procedures: ProcedureRegistry
    /// The statement's deadline, row limit and cancellation, checked by every long loop.
    let budget: ExecutionBudget
    /// The executing thread's stack, which recursive evaluation checks so that a deeply nested
    /// query fails instead of overflowing it. The reserve covers the deepest work between two
    /// checks, such as a store call.
    let stackLimit = StackLimit(reserve: 128 * 1024)
    var statistics = QueryStatistics()
    /// How many rows the streaming steps emitted, for tests that check that LIMIT stops early.
    var rowsProduced = 0
    /// How many node lookups went through `nodes(label:key:equals:)`, for tests and plans.
    private(set) var indexLookups = 0
    /// The store calls and the records they returned or wrote, which `PROFILE` reports as
    /// `dbHits`. It counts this engine's store work, not Neo4j's page-level units.
    private(set) var dbHits = 0

    private var nodeRecords: [Int64: NodeRecord] = [:]
    private var relationshipRecords: [Int64: RelationshipRecord] = [:]
    private(set) var deletedNodes: Set<Int64> = []
    private(set) var deletedRelationships: Set<Int64> = []

    init(
        transaction: any StoreTransaction,
        parameters: [String: Value],
        databaseID: String,
        budget: ExecutionBudget = .unlimited(),
        identity: Identity? = nil,
        procedures: ProcedureRegistry = .builtIn
    ) {
        self.transaction = transaction
        self.parameters = parameters
        self.databaseID = databaseID
        self.budget = budget
        self.identity = identity
        self.procedures = procedures
        self.statementTimestamp = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    // MARK: Reading

    func nodeRecord(id: Int64) throws -> NodeRecord {
        if deletedNodes.contains(id) {
            throw ServerError(.entityNotFound, "Node with id \(id) has been deleted in this transaction")
        }
        if let cached = nodeRecords[id] { return cached }
        dbHits += 1
        guard let record = try transaction.node(id: id) else {
            throw ServerError(.entityNotFound, "Unable to load NODE with id \(id).")
        }
        nodeRecords[id] = record
        return record
    }

    func relationshipRecord(id: Int64) throws -> RelationshipRecord {
        if deletedRelationships.contains(id) {
            throw ServerError(.entityNotFound, "Relationship with id \(id) has been deleted in this transaction")
        }
        if let cached = relationshipRecords[id] { return cached }
        dbHits += 1
        guard let record = try transaction.relationship(id: id) else {
            throw ServerError(.entityNotFound, "Unable to load RELATIONSHIP with id \(id).")
        }
        relationshipRecords[id] = record
        return record
    }

    /// Records that come from a scan go into the cache, so later reads skip the store.
    func remember(_ record: NodeRecord) -> Node {
        nodeRecords[record.id] = record
        return makeNode(record)
    }

    func remember(_ record: RelationshipRecord) -> Relationship {
        relationshipRecords[record.id] = record
        return makeRelationship(record)
    }

    func nodes(label: String?) throws -> [NodeRecord] {
        let records = try transaction.nodes(label: label)
        dbHits += 1 + records.count
        return records.filter { !deletedNodes.contains($0.id) }
    }

    func nodes(label: String, key: String, equals value: Value) throws -> [NodeRecord] {
        indexLookups += 1
        let records = try transaction.nodes(label: label, key: key, equals: value)
        dbHits += 1 + records.count
        return records.filter { !deletedNodes.contains($0.id) }
    }

    func relationships(of node: Int64, direction: Direction, types: [String]) throws -> [RelationshipRecord] {
        let records = try transaction.relationships(of: node, direction: direction, types: types)
        dbHits += 1 + records.count
        return records.filter { !deletedRelationships.contains($0.id) }
    }

    // MARK: EntityResolver

    func current(_ node: Node) throws -> Node { makeNode(try nodeRecord(id: node.id)) }

    func current(_ relationship: Relationship) throws -> Relationship {
        makeRelationship(try relationshipRecord(id: relationship.id))
    }

    func node(id: Int64) throws -> Node { makeNode(try nodeRecord(id: id)) }

    /// The entity as the client should see it: current, or as last seen if it was deleted.
    ///
    /// Lists and maps without entities come back unchanged without recursion, because they may
    /// nest up to ``Nesting/maximumDepth`` levels.
    ///
    /// - Throws: `SyntaxError` when lists and maps around entities nest deeper than the stack allows.
    func output(_ value: Value) throws -> Value {
        switch value {
        case .list, .map:
            if !Nesting.containsEntity(value) { return value }
            if stackLimit.isExhausted { throw ExecutionBudget.nestedTooDeeply }
        default:
            break
        }
        switch value {
        case .node(let node) where !deletedNodes.contains(node.id):
            return .node(try current(node))
        case .relationship(let relationship) where !deletedRelationships.contains(relationship.id):
            return .relationship(try current(relationship))
        case .path(let path):
            let nodes = try path.nodes.map { try deletedNodes.contains($0.id) ? $0 : current($0) }
            let relationships = try path.relationships.map {
                try deletedRelationships.contains($0.id) ? $0 : current($0)
            }
            return .path(Path(nodes: nodes, relationships: relationships))
        case .list(let items):
            return .list(try items.map(output))
        case .map(let entries):
            return .map(try entries.mapValues(output))
        default:
            return value
        }
    }

    // MARK: Writing

    func createNode(labels: [String], properties: [String: Value]) throws -> Node {
        let record = try transaction.createNode(labels: labels, properties: properties)
        dbHits += 1
        statistics.nodesCreated += 1
        statistics.labelsAdded += Set(labels).count
        statistics.propertiesSet += properties.count
        return remember(record)
    }

    func createRelationship(type: String, from start: Int64, to end: Int64, properties: [String: Value]) throws
        -> Relationship
    {
        let record = try transaction.createRelationship(type: type, from: start, to: end, properties: properties)
        dbHits += 1
        statistics.relationshipsCreated += 1
        statistics.propertiesSet += properties.count
        return remember(record)
    }

    func update(_ record: NodeRecord) throws {
        try transaction.updateNode(record)
        dbHits += 1
        nodeRecords[record.id] = record
    }

    func update(_ record: RelationshipRecord) throws {
        try transaction.updateRelationship(record)
        dbHits += 1
        relationshipRecords[record.id] = record
    }

    func deleteRelationship(id: Int64) throws {
        if deletedRelationships.contains(id) { return }
        try transaction.deleteRelationship(id: id)
        dbHits += 1
        deletedRelationships.insert(id)
        relationshipRecords[id] = nil
        statistics.relationshipsDeleted += 1
    }

    func deleteNode(id: Int64, detach: Bool) throws {
        if deletedNodes.contains(id) { return }
        let attached = try relationships(of: id, direction: .both, types: [])
        if !attached.isEmpty && !detach {
            throw ServerError(
                .constraintValidationFailed,
                "Cannot delete node<\(id)>, because it still has relationships. "
                    + "To delete this node, you must first delete its relationships."
            )
        }
        for relationship in attached { try deleteRelationship(id: relationship.id) }
        try transaction.deleteNode(id: id)
        dbHits += 1
        deletedNodes.insert(id)
        nodeRecords[id] = nil
        statistics.nodesDeleted += 1
    }

    // MARK: Conversion

    func makeNode(_ record: NodeRecord) -> Node {
        Node(
            id: record.id,
            elementID: "4:\(databaseID):\(record.id)",
            labels: record.labels,
            properties: record.properties
        )
    }

    func makeRelationship(_ record: RelationshipRecord) -> Relationship {
        Relationship(
            id: record.id,
            elementID: "5:\(databaseID):\(record.id)",
            startNodeID: record.startNodeID,
            startNodeElementID: "4:\(databaseID):\(record.startNodeID)",
            endNodeID: record.endNodeID,
            endNodeElementID: "4:\(databaseID):\(record.endNodeID)",
            type: record.type,
            properties: record.properties
        )
    }

    /// Returns the value of `$name`, or raises `ParameterMissing` when the parameter is absent.
    func parameter(_ name: String) throws(ServerError) -> Value {
        guard let value = parameters[name] else {
            throw ServerError(.parameterMissing, "Expected parameter(s): \(name)")
        }
        return value
    }
}
