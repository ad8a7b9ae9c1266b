import Host

/// Brings one PostgreSQL schema (namespace) up to date with versioned migrations.
///
/// `migrations[i]` is the SQL script that upgrades the schema from version `i` to `i + 1`, so
/// the current version is `migrations.count`. Scripts already released must never change; a
/// change appends a script. The schema's `schema_migrations` table records each applied version.
/// All pending scripts run in one transaction under a transaction-level advisory lock keyed by
/// the schema name, so servers that start at once against the same database take turns: the
/// first applies the scripts, the others then find nothing to do.
struct PostgreSQLMigrator {
    var migrations: [String]

    var currentVersion: Int { migrations.count }

    /// Creates `schema` if needed and applies its pending migrations with `search_path` set to it.
    ///
    /// - Parameter schema: a plain identifier (letters, digits and `_`), used unquoted.
    /// - Throws: `Neo.DatabaseError.General.UnknownError` if the schema has a newer version than
    ///   this build supports or a script fails; the transaction is then rolled back.
    @discardableResult
    func migrate(schema: String, on connection: PostgreSQLConnection) throws -> Int {
        precondition(Self.isPlainIdentifier(schema), "schema names are lower-case letters, digits and '_'")
        try connection.execute("BEGIN")
        do {
            try connection.query("SELECT pg_advisory_xact_lock(hashtext('nornicdb.migrate.' || $1))", [.text(schema)])
            try connection.execute(
                """
                CREATE SCHEMA IF NOT EXISTS \(schema);
                SET LOCAL search_path TO \(schema);
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                );
                """
            )
            let rows = try connection.query("SELECT coalesce(max(version), 0)::bigint FROM schema_migrations")
            let version = Int(rows.int64(0, 0))
            guard version <= currentVersion else {
                connection.logger.error(
                    "PostgreSQL schema was written by a newer server",
                    metadata: [
                        "db.schema": schema, "db.schema.version": String(version),
                        "db.schema.supported": String(currentVersion),
                    ]
                )
                throw ServerError(
                    .unknownError,
                    "PostgreSQL schema '\(schema)' has version \(version), newer than the \(currentVersion) "
                        + "this server supports; upgrade the server."
                )
            }
            for step in version..<currentVersion {
                try connection.execute(migrations[step])
                try connection.query("INSERT INTO schema_migrations (version) VALUES ($1)", [.int64(Int64(step + 1))])
            }
            try connection.execute("COMMIT")
            if version < currentVersion {
                connection.logger.info(
                    "Migrated PostgreSQL schema",
                    metadata: [
                        "db.schema": schema, "db.schema.from": String(version), "db.schema.to": String(currentVersion),
                    ]
                )
            }
            return currentVersion
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// True for 1 to 63 bytes of `a-z`, `0-9` and `_`, which PostgreSQL takes unquoted.
    static func isPlainIdentifier(_ name: String) -> Bool {
        let allowed = name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
        }
        return allowed && (1...63).contains(name.utf8.count)
    }
}
