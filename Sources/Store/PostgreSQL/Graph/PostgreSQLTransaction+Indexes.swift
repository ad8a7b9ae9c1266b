import GraphValue
import Host
import Store
import StoreCodec

extension PostgreSQLTransaction {
    /// Creates a label-and-property index and fills it from the nodes that already have the
    /// label. A node is filed under an index only when it has every indexed property with a
    /// value that has an ``IndexKey``.
    ///
    /// - Throws: `Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists` if the name, or the
    ///   same label and properties, are taken. `Neo.ClientError.General.InvalidArguments` if
    ///   the name is empty or the property list is empty or repeats a key.
    func createIndex(_ index: IndexDescriptor) throws {
        try index.validate()
        try write { connection in
            let existing = try indexDefinitions(on: connection)
            try index.checkNoClash(with: existing)
            try connection.query(
                "INSERT INTO schema_indexes (name, label, properties) VALUES ($1, $2, $3)",
                [.text(index.name), .text(index.label), .bytes(RecordCodec.encode(strings: index.properties))]
            )
            let sql = """
                SELECT n.id, n.labels, n.properties FROM node_labels AS l JOIN nodes AS n ON n.id = l.node_id
                WHERE l.label = $1
                """
            let labelled = try fetchNodes(sql, [.text(index.label)], on: connection)
            for node in labelled {
                try addEntry(to: index, for: node, on: connection)
            }
            indexCache = (existing + [index]).sorted { $0.name < $1.name }
        }
    }

    /// Drops an index and its entries.
    ///
    /// - Throws: `Neo.ClientError.Schema.IndexNotFound` if no index has that name.
    func dropIndex(named name: String) throws {
        try write { connection in
            let existing = try indexDefinitions(on: connection)
            try IndexDescriptor.checkExists(named: name, in: existing)
            // ON DELETE CASCADE removes the index's entries.
            try connection.query("DELETE FROM schema_indexes WHERE name = $1", [.text(name)])
            indexCache = existing.filter { $0.name != name }
        }
    }

    /// Nodes with `label` whose `key` property equals `value` under Cypher's `=`, in id order.
    ///
    /// An index on exactly `label` and `key` serves the lookup; without one, the label's nodes
    /// are scanned. Both paths compare ``IndexKey``s, so they return the same nodes. A
    /// composite index cannot serve it, because nodes missing one of its other properties are
    /// not filed under it.
    func nodes(label: String, key: String, equals value: Value) throws -> [NodeRecord] {
        guard let target = IndexKey.make(value) else { return [] }
        return try read { connection in
            let indexes = try indexDefinitions(on: connection)
            guard let index = indexes.lookupIndex(label: label, key: key) else {
                return try scanNodes(label: label, key: key, target: target, on: connection)
            }
            let sql = """
                SELECT n.id, n.labels, n.properties FROM index_entries AS e JOIN nodes AS n ON n.id = e.node_id
                WHERE e.index_name = $1 AND e.value_key = $2 ORDER BY e.node_id
                """
            return try fetchNodes(sql, [.text(index.name), .bytes(target)], on: connection)
        }
    }

    // MARK: Maintenance

    /// Returns the index definitions, loaded once per transaction. Other transactions' changes
    /// never reach its snapshot, and its own changes update the cache.
    func indexDefinitions(on connection: PostgreSQLConnection) throws -> [IndexDescriptor] {
        if let indexCache { return indexCache }
        let rows = try connection.query("SELECT name, label, properties FROM schema_indexes ORDER BY name")
        var loaded: [IndexDescriptor] = []
        for row in 0..<rows.rowCount {
            let name = rows.text(row, 0)
            let properties = try decodeStrings(rows.bytes(row, 2), of: "properties of index \(name)")
            loaded.append(IndexDescriptor(name: name, label: rows.text(row, 1), properties: properties))
        }
        indexCache = loaded
        return loaded
    }

    /// Files `node` under every index on one of its labels.
    func addIndexEntries(for node: NodeRecord, on connection: PostgreSQLConnection) throws {
        for index in try indexDefinitions(on: connection) where node.labels.contains(index.label) {
            try addEntry(to: index, for: node, on: connection)
        }
    }

    /// Removes `node` from the indexes it was filed under, given its stored labels.
    func removeIndexEntries(of node: NodeRecord, on connection: PostgreSQLConnection) throws {
        guard try indexDefinitions(on: connection).coversAnyLabel(of: node) else { return }
        try connection.query("DELETE FROM index_entries WHERE node_id = $1", [.int64(node.id)])
    }

    private func addEntry(to index: IndexDescriptor, for node: NodeRecord, on connection: PostgreSQLConnection) throws {
        guard let key = index.entryKey(for: node) else { return }
        try connection.query(
            "INSERT INTO index_entries (index_name, value_key, node_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            [.text(index.name), .bytes(key), .int64(node.id)]
        )
    }

    private func scanNodes(label: String, key: String, target: [UInt8], on connection: PostgreSQLConnection) throws
        -> [NodeRecord]
    {
        let sql = """
            SELECT n.id, n.labels, n.properties FROM node_labels AS l JOIN nodes AS n ON n.id = l.node_id
            WHERE l.label = $1 ORDER BY l.node_id
            """
        let labelled = try fetchNodes(sql, [.text(label)], on: connection)
        return labelled.filter { $0.hasProperty(key, withIndexKey: target) }
    }
}
