import GraphValue
import Host
import Store
import StoreCodec

extension SQLiteTransaction {
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
            let sql = "INSERT INTO relationships (type, start_id, end_id, properties) VALUES (?1, ?2, ?3, ?4)"
            try connection.withStatement(sql) { statement in
                try statement.bind(type, at: 1)
                try statement.bind(start, at: 2)
                try statement.bind(end, at: 3)
                try statement.bind(RecordCodec.encode(properties: properties), at: 4)
                try statement.run()
            }
            try adjustPropertyKeyUses(adding: Set(properties.keys), removing: [], on: connection)
            return RelationshipRecord(
                id: connection.lastInsertedRowID,
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
                return try fetchRelationships(Self.relationshipColumns + " ORDER BY id", on: connection) { _ in }
            }
            return try fetchRelationships(Self.relationshipColumns + " WHERE type = ?1 ORDER BY id", on: connection) {
                try $0.bind(type, at: 1)
            }
        }
    }

    func relationships(of node: Int64, direction: Direction, types: [String]) throws -> [RelationshipRecord] {
        let filter = Self.adjacencyFilter(direction: direction, typeCount: types.count)
        return try read { connection in
            try fetchRelationships(Self.relationshipColumns + " WHERE " + filter + " ORDER BY id", on: connection) {
                try Self.bindAdjacency($0, node: node, types: types)
            }
        }
    }

    func degree(of node: Int64, direction: Direction, types: [String]) throws -> Int {
        let filter = Self.adjacencyFilter(direction: direction, typeCount: types.count)
        return try read { connection in
            try count("SELECT count(*) FROM relationships WHERE " + filter, on: connection) {
                try Self.bindAdjacency($0, node: node, types: types)
            }
        }
    }

    func relationshipCount(type: String?) throws -> Int {
        try read { connection in
            guard let type else { return try count("SELECT count(*) FROM relationships", on: connection) { _ in } }
            return try count("SELECT count(*) FROM relationships WHERE type = ?1", on: connection) {
                try $0.bind(type, at: 1)
            }
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
            try connection.withStatement("UPDATE relationships SET properties = ?1 WHERE id = ?2") { statement in
                try statement.bind(RecordCodec.encode(properties: properties), at: 1)
                try statement.bind(record.id, at: 2)
                try statement.run()
            }
            let keyChanges = PropertyKeyChanges(old: old.properties, new: properties)
            try adjustPropertyKeyUses(adding: keyChanges.added, removing: keyChanges.removed, on: connection)
        }
    }

    // MARK: Row helpers

    func deleteRelationshipRow(_ relationship: RelationshipRecord, on connection: SQLiteConnection) throws {
        try connection.withStatement("DELETE FROM relationships WHERE id = ?1") { statement in
            try statement.bind(relationship.id, at: 1)
            try statement.run()
        }
        try adjustPropertyKeyUses(adding: [], removing: Set(relationship.properties.keys), on: connection)
    }

    func fetchRelationship(id: Int64, on connection: SQLiteConnection) throws -> RelationshipRecord? {
        try fetchRelationships(Self.relationshipColumns + " WHERE id = ?1", on: connection) {
            try $0.bind(id, at: 1)
        }.first
    }

    /// Runs a query whose columns are `id, type, start_id, end_id, properties` and decodes each row.
    func fetchRelationships(
        _ sql: String,
        on connection: SQLiteConnection,
        bind: (SQLiteStatement) throws -> Void
    ) throws -> [RelationshipRecord] {
        try connection.withStatement(sql) { statement in
            try bind(statement)
            var relationships: [RelationshipRecord] = []
            while try statement.step() {
                let id = statement.int64(at: 0)
                relationships.append(
                    RelationshipRecord(
                        id: id,
                        type: statement.text(at: 1),
                        startNodeID: statement.int64(at: 2),
                        endNodeID: statement.int64(at: 3),
                        properties: try decodeProperties(statement.blob(at: 4), of: "properties of relationship \(id)")
                    )
                )
            }
            return relationships
        }
    }

    /// The WHERE condition for a node's relationships: the node is `?1`, the types `?2`, `?3`, ….
    private static func adjacencyFilter(direction: Direction, typeCount: Int) -> String {
        let types =
            typeCount == 0 ? "" : " AND type IN (" + (0..<typeCount).map { "?\($0 + 2)" }.joined(separator: ", ") + ")"
        switch direction {
        case .outgoing: return "start_id = ?1" + types
        case .incoming: return "end_id = ?1" + types
        // The type test sits inside each branch so that SQLite searches the (start_id, type)
        // and (end_id, type) indexes, instead of the type index, which would visit every
        // relationship of the type.
        case .both: return "(start_id = ?1" + types + ") OR (end_id = ?1" + types + ")"
        }
    }

    private static func bindAdjacency(_ statement: SQLiteStatement, node: Int64, types: [String]) throws {
        try statement.bind(node, at: 1)
        for (offset, type) in types.enumerated() {
            try statement.bind(type, at: Int32(offset + 2))
        }
    }
}
