import Host

/// Brings a database file's schema up to date, tracking the version in `PRAGMA user_version`.
///
/// `migrations[i]` is the SQL script that upgrades a file from version `i` to `i + 1`, so a new
/// file (version 0) runs them all and the current version is `migrations.count`. Scripts
/// already released must never change; a schema change appends a script. All pending scripts
/// and the version bump run in one `BEGIN IMMEDIATE` transaction, so a crash mid-upgrade
/// leaves the old version intact, and two processes or connections upgrading at once
/// serialize on SQLite's write lock.
struct SchemaMigrator {
    var schemaName: String
    var migrations: [String]

    var currentVersion: Int { migrations.count }

    /// Applies the pending migrations and returns the version the file now has.
    ///
    /// - Throws: `Neo.DatabaseError.General.UnknownError` if the file has a newer version than
    ///   this build supports, or if a script fails (the transaction is rolled back).
    @discardableResult
    func migrate(_ connection: SQLiteConnection) throws -> Int {
        try connection.execute("BEGIN IMMEDIATE")
        do {
            let version = try Self.version(of: connection)
            guard version <= currentVersion else {
                connection.logger.error(
                    "Database file was written by a newer server",
                    metadata: [
                        "db.name": connection.databaseName, "db.schema": schemaName,
                        "db.schema.version": String(version), "db.schema.supported": String(currentVersion),
                    ]
                )
                throw ServerError(
                    .unknownError,
                    "Database '\(connection.databaseName)' has schema version \(version), "
                        + "newer than the \(currentVersion) this server supports; upgrade the server."
                )
            }
            for step in version..<currentVersion {
                try connection.execute(migrations[step])
            }
            if version < currentVersion {
                try connection.execute("PRAGMA user_version = \(currentVersion)")
            }
            try connection.execute("COMMIT")
            return currentVersion
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Returns the `user_version` stored in the file's header.
    static func version(of connection: SQLiteConnection) throws -> Int {
        try connection.withStatement("PRAGMA user_version") { statement in
            try statement.step() ? Int(statement.int64(at: 0)) : 0
        }
    }
}
