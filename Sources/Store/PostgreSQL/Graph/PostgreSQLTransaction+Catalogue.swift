import Host
import Store

extension PostgreSQLTransaction {
    /// Returns the property keys of at least one node or relationship, in UTF-8 byte order.
    func propertyKeys() throws -> [String] {
        try read { connection in
            let rows = try connection.query("SELECT key FROM property_keys ORDER BY key")
            return (0..<rows.rowCount).map { rows.text($0, 0) }
        }
    }

    /// Counts `keys` as used by one more (`adding`) or one fewer (`removing`) entity.
    func adjustPropertyKeyUses(adding: Set<String>, removing: Set<String>, on connection: PostgreSQLConnection)
        throws
    {
        for key in adding {
            try connection.query(
                "INSERT INTO property_keys (key, uses) VALUES ($1, 1) "
                    + "ON CONFLICT (key) DO UPDATE SET uses = property_keys.uses + 1",
                [.text(key)]
            )
        }
        for key in removing {
            try connection.query("UPDATE property_keys SET uses = uses - 1 WHERE key = $1", [.text(key)])
            try connection.query("DELETE FROM property_keys WHERE key = $1 AND uses <= 0", [.text(key)])
        }
    }

    /// Returns the distinct values of an indexed column. PostgreSQL 15 has no skip scan, so the
    /// recursive query jumps from one value to the next through the index, and the cost grows
    /// with the number of values, not of rows.
    func distinctValues(column: String, table: String, on connection: PostgreSQLConnection) throws
        -> [String]
    {
        let sql = """
            WITH RECURSIVE found (value) AS (
                SELECT min(\(column)) FROM \(table)
                UNION ALL
                SELECT (SELECT min(\(column)) FROM \(table) WHERE \(column) > found.value) FROM found
                WHERE found.value IS NOT NULL
            )
            SELECT value FROM found WHERE value IS NOT NULL
            """
        let rows = try connection.query(sql)
        return (0..<rows.rowCount).map { rows.text($0, 0) }
    }
}
