import Host
import Store

extension SQLiteTransaction {
    /// Returns the property keys of at least one node or relationship, in UTF-8 byte order.
    func propertyKeys() throws -> [String] {
        try read { connection in
            try connection.withStatement("SELECT key FROM property_keys ORDER BY key") { statement in
                var keys: [String] = []
                while try statement.step() { keys.append(statement.text(at: 0)) }
                return keys
            }
        }
    }

    /// Counts `keys` as used by one more (`adding`) or one fewer (`removing`) entity.
    func adjustPropertyKeyUses(adding: Set<String>, removing: Set<String>, on connection: SQLiteConnection) throws {
        for key in adding {
            let sql =
                "INSERT INTO property_keys (key, uses) VALUES (?1, 1) ON CONFLICT (key) DO UPDATE SET uses = uses + 1"
            try connection.withStatement(sql) {
                try $0.bind(key, at: 1)
                try $0.run()
            }
        }
        for key in removing {
            try connection.withStatement("UPDATE property_keys SET uses = uses - 1 WHERE key = ?1") {
                try $0.bind(key, at: 1)
                try $0.run()
            }
            try connection.withStatement("DELETE FROM property_keys WHERE key = ?1 AND uses <= 0") {
                try $0.bind(key, at: 1)
                try $0.run()
            }
        }
    }

    /// Returns the distinct values of an indexed column. The query jumps from one value to the
    /// next through the index, so the cost grows with the number of values, not of rows.
    func distinctValues(column: String, table: String, on connection: SQLiteConnection) throws -> [String] {
        let sql = """
            WITH RECURSIVE found (value) AS (
                SELECT min(\(column)) FROM \(table)
                UNION ALL
                SELECT (SELECT min(\(column)) FROM \(table) WHERE \(column) > found.value) FROM found
                WHERE found.value IS NOT NULL
            )
            SELECT value FROM found WHERE value IS NOT NULL
            """
        return try connection.withStatement(sql) { statement in
            var values: [String] = []
            while try statement.step() { values.append(statement.text(at: 0)) }
            return values
        }
    }
}
