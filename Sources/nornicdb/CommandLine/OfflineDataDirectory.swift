import BasicAuth
import Foundation
import Host
import SQLiteStore

/// A stopped server's data directory, opened by one offline command: the directory lock and
/// the account file, `system.sqlite`.
///
/// The lock is the one a running server holds, so an offline command never changes accounts
/// under a server, whose in-memory tables would not see the change.
final class OfflineDataDirectory: Sendable {
    let configuration: Configuration
    let repository: SQLiteAccountRepository
    let pool: BlockingPool
    let logger: Logger

    private init(configuration: Configuration, repository: SQLiteAccountRepository, pool: BlockingPool, logger: Logger)
    {
        self.configuration = configuration
        self.repository = repository
        self.pool = pool
        self.logger = logger
    }

    /// Takes the directory's lock, opens the account file, runs `body` and releases
    /// everything, also when `body` throws.
    ///
    /// - Parameters:
    ///   - purpose: what the command does, completing "Cannot ..." in the message when a
    ///     running server holds the lock, for example `create a service account`.
    ///   - createIfMissing: true to create a missing directory, as `serve` does, for commands
    ///     that prepare one before the first start. When false, a missing directory is an
    ///     error, so a mistyped path is not taken for an empty one.
    /// - Throws: ``CommandFailure`` when the directory is missing or a server holds the lock,
    ///   else the error of opening the file or of `body`.
    static func use<Value: Sendable>(
        _ configuration: Configuration,
        purpose: String,
        createIfMissing: Bool,
        _ body: (OfflineDataDirectory) async throws -> Value
    ) async throws -> Value {
        // Warnings only: the repository's start-up messages would bury the command's output.
        let logger = Logger(label: "nornicdb", level: .warning)
        let path = configuration.dataDirectory
        if !createIfMissing, !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure(
                "The data directory \(path) does not exist; give the server's data directory with --data-dir "
                    + "or NORNICDB_DATA_DIR."
            )
        }
        if let warning = try DataDirectory.prepare(path) { logger.warning(warning) }
        let lock: DataDirectoryLock
        do {
            lock = try DataDirectoryLock.acquire(in: path, purpose: purpose)
        } catch {
            throw CommandFailure(
                "\(error) When a server is running on this data directory, run the command against it instead: "
                    + "add --server http://HOST:PORT with the server's HTTP address and give an admin token in "
                    + "\(AdministrationTarget.tokenVariable) or --token-file."
            )
        }
        defer { lock.release() }

        let accountDirectory: String
        switch configuration.storage {
        case .sqlite(let directory):
            accountDirectory = directory ?? path
        case .postgreSQL:
            // NOTE: offline commands open only SQLite account files. PostgreSQL accounts change
            // through a running server, whose tables would otherwise miss the change.
            throw CommandFailure(
                "NORNICDB_STORAGE_URL keeps the accounts in PostgreSQL, which offline commands cannot change; "
                    + "run the command against a running server: add --server http://HOST:PORT and give an admin "
                    + "token in \(AdministrationTarget.tokenVariable) or --token-file."
            )
        }
        let repository = try SQLiteAccountRepository(
            dataDirectory: accountDirectory,
            logger: logger.with(label: "accounts")
        )
        // Two threads: one for the storage calls and one for hashing, which never run at once
        // in a command, so one spare is enough.
        let pool = BlockingPool(name: "offline", threadCount: 2)
        defer { pool.shutdown() }
        let directory = OfflineDataDirectory(
            configuration: configuration,
            repository: repository,
            pool: pool,
            logger: logger
        )
        return try await body(directory)
    }

    /// Loads the accounts into a manager that hashes with Argon2id's production parameters,
    /// the same as the server's.
    func accountManager() async throws -> AccountManager {
        let repository = self.repository
        let pool = self.pool
        return try await pool.run {
            try AccountManager(repository: repository, hasher: Argon2idHasher(), pool: pool)
        }
    }
}
