import GraphValue
import Host
import Store
import StoreCodec

extension PostgreSQLTransaction {
    private static let relationshipColumns = "SELECT id, type, start_id, end_id, properties FROM relationships"

    /// Creates a relationship; null properties are not stored.
    ///
    /// - Throws: `Neo.ClientError.Statement.EntityNotFound` if either end node does not exist.
    func createRelationship(type: String, from start: Int64, to end: Int64, properties: [String: Value]) throws
        -> RelationshipRecord
    {
        let properties = properties.filter { !$0.value.isNull }
        return try write { connection in
            for id in Set([start, end]) where try fetchNode(id: id, on: connection) == nil {
                throw StoreErrors.nodeNotFound(id)
            }
            let inserted = try connection.query(
                "INSERT INTO relationships (type, start_id, end_id, properties) VALUES ($1, $2, $3, $4) RETURNING id",
                [.text(type), .int64(start), .int64(end), .bytes(RecordCodec.encode(properties: properties))]
            )
            try adjustPropertyKeyUses(adding: Set(properties.keys), removing: [], on: connection)
            return RelationshipRecord(
                id: inserted.int64(0, 0),
                type: type,
                startNodeID: start,
                endNodeID: end,
                properties: properties
            )
        }
    }

    func relationships(type: String?) throws -> [RelationshipRecord] {
        try read { connection in
            guard let type else {
                return try fetchRelationships(Self.relationshipColumns + " ORDER BY id", [], on: connection)
            }
            return try fetchRelationships(
                Self.relationshipColumns + " WHERE type = $1 ORDER BY id",
                [.text(type)],
                on: connection
            )
        }
    }

    func relationships(of node: Int64, direction: Direction, types: [String]) throws -> [RelationshipRecord] {
        let filter = Self.adjacencyFilter(direction: direction, typeCount: types.count)
        return try read { connection in
            try fetchRelationships(
                Self.relationshipColumns + " WHERE " + filter + " ORDER BY id",
                Self.adjacencyParameters(node: node, types: types),
                on: connection
            )
        }
    }

    func degree(of node: Int64, direction: Direction, types: [String]) throws -> Int {
        let filter = Self.adjacencyFilter(direction: direction, typeCount: types.count)
        return try read { connection in
            try count(
                "SELECT count(*) FROM relationships WHERE " + filter,
                Self.adjacencyParameters(node: node, types: types),
                on: connection
            )
        }
    }

    func relationshipCount(type: String?) throws -> Int {
        try read { connection in
            guard let type else { return try count("SELECT count(*) FROM relationships", [], on: connection) }
            return try count("SELECT count(*) FROM relationships WHERE type = $1", [.text(type)], on: connection)
        }
    }

    /// Replaces a relationship's properties, dropping null ones.
    ///
    /// - Throws: `Neo.ClientError.Statement.EntityNotFound` if the relationship does not exist,
    ///   `Neo.ClientError.General.InvalidArguments` if `record` changes its type or end nodes,
    ///   which Cypher never does.
    func updateRelationship(_ record: RelationshipRecord) throws {
        let properties = record.properties.filter { !$0.value.isNull }
        try write { connection in
            guard let old = try fetchRelationship(id: record.id, on: connection) else {
                throw StoreErrors.relationshipNotFound(record.id)
            }
            guard old.type == record.type, old.startNodeID == record.startNodeID, old.endNodeID == record.endNodeID
            else {
                throw StoreErrors.relationshipIdentityChanged(record.id)
            }
            try connection.query(
                "UPDATE relationships SET properties = $1 WHERE id = $2",
                [.bytes(RecordCodec.encode(properties: properties)), .int64(record.id)]
            )
            let keyChanges = PropertyKeyChanges(old: old.properties, new: properties)
            try adjustPropertyKeyUses(adding: keyChanges.added, removing: keyChanges.removed, on: connection)
        }
    }

    // MARK: Row helpers

    func deleteRelationshipRow(_ relationship: RelationshipRecord, on connection: PostgreSQLConnection) throws {
        try connection.query("DELETE FROM relationships WHERE id = $1", [.int64(relationship.id)])
        try adjustPropertyKeyUses(adding: [], removing: Set(relationship.properties.keys), on: connection)
    }

    func fetchRelationship(id: Int64, on connection: PostgreSQLConnection) throws -> RelationshipRecord? {
        try fetchRelationships(Self.relationshipColumns + " WHERE id = $1", [.int64(id)], on: connection).first
    }

    /// Runs a query whose columns are `id, type, start_id, end_id, properties` and decodes each row.
    func fetchRelationships(
        _ sql: String,
        _ parameters: [PostgreSQLParameter],
        on connection: PostgreSQLConnection
    ) throws -> [RelationshipRecord] {
        let rows = try connection.query(sql, parameters)
        var relationships: [RelationshipRecord] = []
        relationships.reserveCapacity(rows.rowCount)
        for row in 0..<rows.rowCount {
            let id = rows.int64(row, 0)
            relationships.append(
                RelationshipRecord(
                    id: id,
                    type: rows.text(row, 1),
                    startNodeID: rows.int64(row, 2),
                    endNodeID: rows.int64(row, 3),
                    properties: try decodeProperties(rows.bytes(row, 4), of: "properties of relationship \(id)")
                )
            )
        }
        return relationships
    }

    /// The WHERE condition for a node's relationships: the node is `$1`, the types `$2`, `$3`, ….
    private static func adjacencyFilter(direction: Direction, typeCount: Int) -> String {
        let types =
            typeCount == 0 ? "" : " AND type IN (" + (0..<typeCount).map { "$\($0 + 2)" }.joined(separator: ", ") + ")"
        switch direction {
        case .outgoing: return "start_id = $1" + types
        case .incoming: return "end_id = $1" + types
        case .both: return "(start_id = $1" + types + ") OR (end_id = $1" + types + ")"
        }
    }

    private static func adjacencyParameters(node: Int64, types: [String]) -> [PostgreSQLParameter] {
        [.int64(node)] + types.map { .text($0) }
    }
}
