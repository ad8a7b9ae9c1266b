import GraphValue
import Host
import Store
import StoreCodec

extension PostgreSQLTransaction {
    /// Creates a node. Duplicate labels are dropped, keeping the first; null properties are not
    /// stored, as in Cypher, where setting a property to null removes it.
    func createNode(labels: [String], properties: [String: Value]) throws -> NodeRecord {
        let labels = Self.uniqued(labels)
        let properties = properties.filter { !$0.value.isNull }
        return try write { connection in
            let inserted = try connection.query(
                "INSERT INTO nodes (labels, properties) VALUES ($1, $2) RETURNING id",
                [.bytes(RecordCodec.encode(strings: labels)), .bytes(RecordCodec.encode(properties: properties))]
            )
            let node = NodeRecord(id: inserted.int64(0, 0), labels: labels, properties: properties)
            try insertLabels(labels, of: node.id, on: connection)
            try adjustPropertyKeyUses(adding: Set(properties.keys), removing: [], on: connection)
            try addIndexEntries(for: node, on: connection)
            return node
        }
    }

    func nodes(label: String?) throws -> [NodeRecord] {
        try read { connection in
            guard let label else {
                return try fetchNodes("SELECT id, labels, properties FROM nodes ORDER BY id", [], on: connection)
            }
            let sql = """
                SELECT n.id, n.labels, n.properties FROM node_labels AS l JOIN nodes AS n ON n.id = l.node_id
                WHERE l.label = $1 ORDER BY l.node_id
                """
            return try fetchNodes(sql, [.text(label)], on: connection)
        }
    }

    func nodeCount(label: String?) throws -> Int {
        try read { connection in
            guard let label else { return try count("SELECT count(*) FROM nodes", [], on: connection) }
            return try count("SELECT count(*) FROM node_labels WHERE label = $1", [.text(label)], on: connection)
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
            try connection.query(
                "UPDATE nodes SET labels = $1, properties = $2 WHERE id = $3",
                [
                    .bytes(RecordCodec.encode(strings: labels)), .bytes(RecordCodec.encode(properties: properties)),
                    .int64(record.id),
                ]
            )
            let oldLabels = Set(old.labels)
            let newLabels = Set(labels)
            for label in oldLabels.subtracting(newLabels) {
                try connection.query(
                    "DELETE FROM node_labels WHERE label = $1 AND node_id = $2",
                    [.text(label), .int64(record.id)]
                )
            }
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
            let linked = try connection.query(
                "SELECT EXISTS (SELECT 1 FROM relationships WHERE start_id = $1) "
                    + "OR EXISTS (SELECT 1 FROM relationships WHERE end_id = $1)",
                [.int64(id)]
            )
            guard !linked.boolean(0, 0) else {
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
                "SELECT id, type, start_id, end_id, properties FROM relationships WHERE start_id = $1 OR end_id = $1",
                [.int64(id)],
                on: connection
            )
            for relationship in attached {
                try deleteRelationshipRow(relationship, on: connection)
            }
            try deleteNodeRow(old, on: connection)
        }
    }

    // MARK: Row helpers

    func fetchNode(id: Int64, on connection: PostgreSQLConnection) throws -> NodeRecord? {
        try fetchNodes("SELECT id, labels, properties FROM nodes WHERE id = $1", [.int64(id)], on: connection).first
    }

    /// Runs a query whose columns are `id, labels, properties` and decodes each row.
    func fetchNodes(_ sql: String, _ parameters: [PostgreSQLParameter], on connection: PostgreSQLConnection) throws
        -> [NodeRecord]
    {
        let rows = try connection.query(sql, parameters)
        var nodes: [NodeRecord] = []
        nodes.reserveCapacity(rows.rowCount)
        for row in 0..<rows.rowCount {
            let id = rows.int64(row, 0)
            let labels = try decodeStrings(rows.bytes(row, 1), of: "labels of node \(id)")
            let properties = try decodeProperties(rows.bytes(row, 2), of: "properties of node \(id)")
            nodes.append(NodeRecord(id: id, labels: labels, properties: properties))
        }
        return nodes
    }

    /// Runs a query that returns one integer, such as `count(*)`.
    func count(_ sql: String, _ parameters: [PostgreSQLParameter], on connection: PostgreSQLConnection) throws -> Int {
        let rows = try connection.query(sql, parameters)
        return rows.rowCount > 0 ? Int(rows.int64(0, 0)) : 0
    }

    private func deleteNodeRow(_ node: NodeRecord, on connection: PostgreSQLConnection) throws {
        // ON DELETE CASCADE removes the node's node_labels and index_entries rows.
        try connection.query("DELETE FROM nodes WHERE id = $1", [.int64(node.id)])
        try adjustPropertyKeyUses(adding: [], removing: Set(node.properties.keys), on: connection)
    }

    private func insertLabels(_ labels: [String], of node: Int64, on connection: PostgreSQLConnection) throws {
        for label in labels {
            try connection.query(
                "INSERT INTO node_labels (label, node_id) VALUES ($1, $2)",
                [.text(label), .int64(node)]
            )
        }
    }

    static func uniqued(_ labels: [String]) -> [String] {
        var seen: Set<String> = []
        return labels.filter { seen.insert($0).inserted }
    }
}
