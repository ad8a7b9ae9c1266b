/// The storage location of the server's graph databases and accounts.
public enum StorageSettings: Sendable, Equatable {
    /// SQLite files in `directory`: `databases/<name>.sqlite` and `system.sqlite`. A nil
    /// directory is the data directory.
    case sqlite(directory: String?)
    /// One PostgreSQL database that several servers may share.
    case postgreSQL(PostgreSQLURL)
}
