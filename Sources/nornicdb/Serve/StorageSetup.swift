import Foundation
import Host
import PostgreSQLStore
import SQLiteStore
import Store

/// Opens the graph store and the account repository that `NORNICDB_STORAGE_URL` chooses.
enum StorageSetup {
    /// The account repository, which also stores token revocations.
    typealias Repository = AccountRepository & RevocationRepository

    /// Opens both on `pool`, because opening them connects, migrates and blocks.
    static func open(_ configuration: Configuration, pool: BlockingPool, logger: Logger) async throws
        -> (any GraphStore, any Repository)
    {
        switch configuration.storage {
        case .sqlite(let directory):
            let directory = directory ?? configuration.dataDirectory
            return try await pool.run {
                let store = try SQLiteGraphStore(
                    dataDirectory: directory,
                    defaultDatabase: configuration.defaultDatabase,
                    // Open HTTP and Bolt transactions each hold a connection, so leave room beyond
                    // the storage pool's 32 threads.
                    configuration: SQLiteGraphStore.Configuration(maximumConnections: 256),
                    logger: logger.with(label: "store")
                )
                let repository = try SQLiteAccountRepository(
                    dataDirectory: directory,
                    logger: logger.with(label: "accounts")
                )
                return (store, repository)
            }
        case .postgreSQL(let url):
            logger.info("Using PostgreSQL storage at \(url.redacted)")
            return try await pool.run {
                // NOTE: each open transaction holds a PostgreSQL connection, as with SQLite, but
                // PostgreSQL's default max_connections is 100, so 64 leaves room for other
                // servers sharing it. Raise both together for more concurrent transactions.
                let store = try PostgreSQLGraphStore(
                    url: url,
                    defaultDatabase: configuration.defaultDatabase,
                    maximumConnections: 64,
                    logger: logger.with(label: "store")
                )
                let repository = try PostgreSQLAccountRepository(url: url, logger: logger.with(label: "accounts"))
                return (store, repository)
            }
        }
    }
}
