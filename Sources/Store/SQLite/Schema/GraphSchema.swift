/// The schema of a graph database file.
///
/// Tables:
/// - `metadata`: key-value facts about the file, such as `database_id`, the UUID used in
///   element ids.
/// - `nodes`: one row per node with its labels (a ``RecordCodec`` string list, in the order
///   they were set) and properties (a ``RecordCodec`` map). `AUTOINCREMENT` keeps ids of
///   deleted rows from being reused.
/// - `node_labels`: one row per label of each node, the lookup table behind label scans.
/// - `relationships`: one row per relationship, indexed by start node, end node and type.
/// - `property_keys`: how many nodes and relationships use each property key, so the catalogue
///   of keys in use needs no scan.
/// - `schema_indexes` and `index_entries`: label-and-property index definitions and their
///   entries, keyed by ``IndexKey`` bytes.
enum GraphSchema {
    static let migrator = SchemaMigrator(schemaName: "graph", migrations: [version1])

    private static let version1 = """
        CREATE TABLE metadata (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE nodes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            labels BLOB NOT NULL,
            properties BLOB NOT NULL
        );

        CREATE TABLE node_labels (
            label TEXT NOT NULL,
            node_id INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
            PRIMARY KEY (label, node_id)
        ) WITHOUT ROWID;
        CREATE INDEX node_labels_by_node ON node_labels (node_id);

        CREATE TABLE relationships (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            type TEXT NOT NULL,
            start_id INTEGER NOT NULL REFERENCES nodes (id),
            end_id INTEGER NOT NULL REFERENCES nodes (id),
            properties BLOB NOT NULL
        );
        CREATE INDEX relationships_by_start ON relationships (start_id, type);
        CREATE INDEX relationships_by_end ON relationships (end_id, type);
        CREATE INDEX relationships_by_type ON relationships (type);

        CREATE TABLE property_keys (
            key TEXT PRIMARY KEY NOT NULL,
            uses INTEGER NOT NULL CHECK (uses >= 0)
        ) WITHOUT ROWID;

        CREATE TABLE schema_indexes (
            name TEXT PRIMARY KEY NOT NULL,
            label TEXT NOT NULL,
            properties BLOB NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE index_entries (
            index_name TEXT NOT NULL REFERENCES schema_indexes (name) ON DELETE CASCADE,
            value_key BLOB NOT NULL,
            node_id INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
            PRIMARY KEY (index_name, value_key, node_id)
        ) WITHOUT ROWID;
        CREATE INDEX index_entries_by_node ON index_entries (node_id);
        """
}
