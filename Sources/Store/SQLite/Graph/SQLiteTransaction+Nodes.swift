import GraphValue
import Host
import Store
import StoreCodec

extension SQLiteTransaction {
    /// Creates a node. Duplicate labels are dropped, keeping the first; null properties are not
    /// stored, as in Cypher, where setting a property to null removes it.
    func createNode(labels: [String], properties: [String: Value]) throws -> NodeRecord {
        let labels = Self.uniqued(labels)
        let properties = properties.filter { !$0.value.isNull }
        return try write { connection in
            try connection.withStatement("INSERT INTO nodes (labels, properties) VALUES (?1, ?2)") { statement in
                try statement.bind(RecordCodec.encode(strings: labels), at: 1)
                try statement.bind(RecordCodec.encode(properties: properties), at: 2)
                try statement.run()
            }
            let node = NodeRecord(id: connection.lastInsertedRowID, labels: labels, properties: properties)
            try insertLabels(labels, of: node.id, on: connection)
            try adjustPropertyKeyUses(adding: Set(properties.keys), removing: [], on: connection)
            try addIndexEntries(for: node, on: connection)
            return node
        }
    }

    func nodes(label: String?) throws -> [NodeRecord] {
        try read { connection in
            guard let label else {
                return try fetchNodes("SELECT id, labels, properties FROM nodes ORDER BY id", on: connection) { _ in }
            }
            let sql = """
                SELECT n.id, n.labels, n.properties FROM node_labels AS l JOIN nodes AS n ON n.id = l.node_id
                WHERE l.label = ?1 ORDER BY l.node_id
                """
            return try fetchNodes(sql, on: connection) { try $0.bind(label, at: 1) }
        }
    }

    // NOTE: SQLite keeps no row counts, so counting all nodes, all relationships or one label's
    // nodes visits each counted row of an index; Neo4j answers these from a count store.
    func nodeCount(label: String?) throws -> Int {
        try read { connection in
            guard let label else { return try count("SELECT count(*) FROM nodes", on: connection) { _ in } }
            return try count("SELECT count(*) FROM node_labels WHERE label = ?1", on: connection) {
                try $0.bind(label, at: 1)
            }
        }
    }

    /// Replaces a node's labels and properties, dropping null properties and duplicate labels.
    ///
    /// - Throws: `Neo.ClientError.Statement.EntityNotFound` if the node does not exist.
    func updateNode(_ record: NodeRecord) throws {
        let labels = Self.uniqued(record.labels)
        let properties = record.properties.filter { !$0.value.isNull }
        try write { connection in
            guard let old = try fetchNode(id: record.id, on: connection) else {
                throw StoreErrors.nodeNotFound(record.id)
            }
            try connection.withStatement("UPDATE nodes SET labels = ?1, properties = ?2 WHERE id = ?3") { statement in
                try statement.bind(RecordCodec.encode(strings: labels), at: 1)
                try statement.bind(RecordCodec.encode(properties: properties), at: 2)
                try statement.bind(record.id, at: 3)
                try statement.run()
            }
            let oldLabels = Set(old.labels)
            let newLabels = Set(labels)
            try deleteLabels(oldLabels.subtracting(newLabels), of: record.id, on: connection)
            try insertLabels(labels.filter { !oldLabels.contains($0) }, of: record.id, on: connection)
            let keyChanges = PropertyKeyChanges(old: old.properties, new: properties)
            try adjustPropertyKeyUses(adding: keyChanges.added, removing: keyChanges.removed, on: connection)
            try removeIndexEntries(of: old, on: connection)
            try addIndexEntries(for: NodeRecord(id: record.id, labels: labels, properties: properties), on: connection)
        }
    }

    /// Deletes a node; deleting a node that does not exist does nothing.
    ///
    /// - Throws: `Neo.ClientError.Schema.ConstraintValidationFailed` if relationships remain.
    func deleteNode(id: Int64) throws {
        try write { connection in
            guard let old = try fetchNode(id: id, on: connection) else { return }
            let linked = try count(
                "SELECT EXISTS (SELECT 1 FROM relationships WHERE start_id = ?1) "
                    + "OR EXISTS (SELECT 1 FROM relationships WHERE end_id = ?1)",
                on: connection
            ) { try $0.bind(id, at: 1) }
            guard linked == 0 else {
                throw StoreErrors.nodeHasRelationships(id)
            }
            try deleteNodeRow(old, on: connection)
        }
    }

    /// Deletes a node and its relationships in one step; a missing node is ignored.
    func detachDeleteNode(id: Int64) throws {
        try write { connection in
            guard let old = try fetchNode(id: id, on: connection) else { return }
            let attached = try fetchRelationships(
                "SELECT id, type, start_id, end_id, properties FROM relationships WHERE start_id = ?1 OR end_id = ?1",
                on: connection
            ) { try $0.bind(id, at: 1) }
            for relationship in attached {
                try deleteRelationshipRow(relationship, on: connection)
            }
            try deleteNodeRow(old, on: connection)
        }
    }

    // MARK: Row helpers

    func fetchNode(id: Int64, on connection: SQLiteConnection) throws -> NodeRecord? {
        try fetchNodes("SELECT id, labels, properties FROM nodes WHERE id = ?1", on: connection) {
            try $0.bind(id, at: 1)
        }.first
    }

    /// Runs a query whose columns are `id, labels, properties` and decodes each row.
    func fetchNodes(
        _ sql: String,
        on connection: SQLiteConnection,
        bind: (SQLiteStatement) throws -> Void
    ) throws -> [NodeRecord] {
        try connection.withStatement(sql) { statement in
            try bind(statement)
            var nodes: [NodeRecord] = []
            while try statement.step() {
                let id = statement.int64(at: 0)
                let labels = try decodeStrings(statement.blob(at: 1), of: "labels of node \(id)")
                let properties = try decodeProperties(statement.blob(at: 2), of: "properties of node \(id)")
                nodes.append(NodeRecord(id: id, labels: labels, properties: properties))
            }
            return nodes
        }
    }

    /// Runs a query that returns one integer, such as `count(*)`.
    func count(_ sql: String, on connection: SQLiteConnection, bind: (SQLiteStatement) throws -> Void) throws -> Int {
        try connection.withStatement(sql) { statement in
            try bind(statement)
            return try statement.step() ? Int(statement.int64(at: 0)) : 0
        }
    }

    private func deleteNodeRow(_ node: NodeRecord, on connection: SQLiteConnection) throws {
        // ON DELETE CASCADE removes the node's node_labels and index_entries rows.
        try connection.withStatement("DELETE FROM nodes WHERE id = ?1") { statement in
            try statement.bind(node.id, at: 1)
            try statement.run()
        }
        try adjustPropertyKeyUses(adding: [], removing: Set(node.properties.keys), on: connection)
    }

    private func insertLabels(_ labels: [String], of node: Int64, on connection: SQLiteConnection) throws {
        for label in labels {
            try connection.withStatement("INSERT INTO node_labels (label, node_id) VALUES (?1, ?2)") { statement in
                try statement.bind(label, at: 1)
                try statement.bind(node, at: 2)
                try statement.run()
            }
        }
    }

    private func deleteLabels(_ labels: Set<String>, of node: Int64, on connection: SQLiteConnection) throws {
        for label in labels {
            try connection.withStatement("DELETE FROM node_labels WHERE label = ?1 AND node_id = ?2") { statement in
                try statement.bind(label, at: 1)
                try statement.bind(node, at: 2)
                try statement.run()
            }
        }
    }

    static func uniqued(_ labels: [String]) -> [String] {
        var seen: Set<String> = []
        return labels.filter { seen.insert($0).inserted }
    }
}
