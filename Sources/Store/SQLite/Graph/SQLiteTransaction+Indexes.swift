import GraphValue
import Host
import Store
import StoreCodec

extension SQLiteTransaction {
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
            try connection.withStatement("INSERT INTO schema_indexes (name, label, properties) VALUES (?1, ?2, ?3)") {
                try $0.bind(index.name, at: 1)
                try $0.bind(index.label, at: 2)
                try $0.bind(RecordCodec.encode(strings: index.properties), at: 3)
                try $0.run()
            }
            let sql = """
                SELECT n.id, n.labels, n.properties FROM node_labels AS l JOIN nodes AS n ON n.id = l.node_id
                WHERE l.label = ?1
                """
            let labelled = try fetchNodes(sql, on: connection) { try $0.bind(index.label, at: 1) }
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
            try connection.withStatement("DELETE FROM schema_indexes WHERE name = ?1") {
                try $0.bind(name, at: 1)
                try $0.run()
            }
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
                WHERE e.index_name = ?1 AND e.value_key = ?2 ORDER BY e.node_id
                """
            return try fetchNodes(sql, on: connection) {
                try $0.bind(index.name, at: 1)
                try $0.bind(target, at: 2)
            }
        }
    }

    // MARK: Maintenance

    /// Returns the index definitions, loaded once per transaction. Other transactions' changes
    /// never reach its snapshot, and its own changes update the cache.
    func indexDefinitions(on connection: SQLiteConnection) throws -> [IndexDescriptor] {
        if let indexCache { return indexCache }
        let loaded = try connection.withStatement("SELECT name, label, properties FROM schema_indexes ORDER BY name") {
            statement in
            var indexes: [IndexDescriptor] = []
            while try statement.step() {
                let name = statement.text(at: 0)
                let properties = try decodeStrings(statement.blob(at: 2), of: "properties of index \(name)")
                indexes.append(IndexDescriptor(name: name, label: statement.text(at: 1), properties: properties))
            }
            return indexes
        }
        indexCache = loaded
        return loaded
    }

    /// Files `node` under every index on one of its labels.
    func addIndexEntries(for node: NodeRecord, on connection: SQLiteConnection) throws {
        for index in try indexDefinitions(on: connection) where node.labels.contains(index.label) {
            try addEntry(to: index, for: node, on: connection)
        }
    }

    /// Removes `node` from the indexes it was filed under, given its stored labels.
    func removeIndexEntries(of node: NodeRecord, on connection: SQLiteConnection) throws {
        guard try indexDefinitions(on: connection).coversAnyLabel(of: node) else { return }
        try connection.withStatement("DELETE FROM index_entries WHERE node_id = ?1") {
            try $0.bind(node.id, at: 1)
            try $0.run()
        }
    }

    private func addEntry(to index: IndexDescriptor, for node: NodeRecord, on connection: SQLiteConnection) throws {
        guard let key = index.entryKey(for: node) else { return }
        let sql = "INSERT OR IGNORE INTO index_entries (index_name, value_key, node_id) VALUES (?1, ?2, ?3)"
        try connection.withStatement(sql) {
            try $0.bind(index.name, at: 1)
            try $0.bind(key, at: 2)
            try $0.bind(node.id, at: 3)
            try $0.run()
        }
    }

    private func scanNodes(label: String, key: String, target: [UInt8], on connection: SQLiteConnection) throws
        -> [NodeRecord]
    {
        let sql = """
            SELECT n.id, n.labels, n.properties FROM node_labels AS l JOIN nodes AS n ON n.id = l.node_id
            WHERE l.label = ?1 ORDER BY l.node_id
            """
        let labelled = try fetchNodes(sql, on: connection) { try $0.bind(label, at: 1) }
        return labelled.filter { $0.hasProperty(key, withIndexKey: target) }
    }
}
