/// The setting that chooses the storage back end; see ``StorageSettings``.
extension ConfigurationLoader {
    static let storageSettings: [Setting] = [
        Setting(
            variable: "NORNICDB_STORAGE_URL",
            flag: "--storage-url",
            valueName: "URL",
            help: "Storage for graphs and accounts: sqlite:PATH for SQLite files in the directory PATH, or "
                + "postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=... for one PostgreSQL database, whose "
                + "query parameters are passed to libpq (default: SQLite files in the data directory).",
            hasFileForm: true
        ) { config, value throws(ConfigurationError) in
            config.storage = try storage(value)
        }
    ]

    static func storage(_ value: String) throws(ConfigurationError) -> StorageSettings {
        if value.hasPrefix("sqlite:") {
            let directory = String(value.dropFirst("sqlite:".count))
            guard !directory.isEmpty else {
                throw .init(
                    "NORNICDB_STORAGE_URL 'sqlite:' names no directory; use sqlite:PATH, such as sqlite:./data."
                )
            }
            return .sqlite(directory: directory)
        }
        do {
            return .postgreSQL(try PostgreSQLURL(parsing: value))
        } catch {
            throw .init("NORNICDB_STORAGE_URL is invalid: \(error.message)")
        }
    }
}
