import BasicAuth
import BoltServer
import Foundation
import Host
import JWTAuth
import QueryEngine
import SQLiteStore
import Store

/// The running server: storage, accounts, authentication, the query service and listeners.
final class Server: Sendable {
    private let bolt: BoltServer
    private let store: SQLiteGraphStore
    private let pools: [BlockingPool]
    private let logger: Logger

    private init(bolt: BoltServer, store: SQLiteGraphStore, pools: [BlockingPool], logger: Logger) {
        self.bolt = bolt
        self.store = store
        self.pools = pools
        self.logger = logger
    }

    /// Opens the data directory, bootstraps the first admin and starts listening.
    static func start(configuration: Configuration, logger: Logger) async throws -> Server {
        if let warning = try DataDirectory.prepare(configuration.dataDirectory) { logger.warning(warning) }
        // Storage and hashing get separate pools, so a burst of logins takes no threads from
        // queries. The storage pool is large because QueryService lets each user run at most four
        // statements at once, so long statements of one user leave threads for the others.
        let storagePool = BlockingPool(name: "storage", threadCount: 32)
        let authPool = BlockingPool(name: "auth", threadCount: 4)

        let store = try await storagePool.run {
            try SQLiteGraphStore(
                dataDirectory: configuration.dataDirectory,
                defaultDatabase: configuration.defaultDatabase,
                // Open explicit transactions each hold a connection, so leave room beyond the pool.
                configuration: SQLiteGraphStore.Configuration(maximumConnections: 64),
                logger: logger.with(label: "store")
            )
        }
        let repository = try SQLiteAccountRepository(
            dataDirectory: configuration.dataDirectory,
            logger: logger.with(label: "accounts")
        )
        let hasher = Argon2idHasher()
        let accounts = try await authPool.run {
            try AccountManager(repository: repository, hasher: hasher, pool: authPool)
        }
        try await AdminBootstrap.run(configuration.initialAuth, accounts: accounts, logger: logger)

        let keys = try JWTKeys.load(configuration, logger: logger)
        let providers: [any IdentityProvider] = [
            LocalAccountProvider(accounts: accounts),
            // `exp` is optional: cluster tokens may be minted without expiry on purpose.
            JWTProvider(
                verifier: JWTVerifier(keys: keys, policy: JWTVerifier.Policy(requireExpiration: false)),
                accounts: accounts
            ),
        ]
        let authenticator = Authenticator(providers: providers, policy: configuration.authPolicy)
        if !configuration.authPolicy.authenticationEnabled {
            logger.warning("authentication is disabled (NORNICDB_AUTH=none): every connection acts as admin")
        } else if configuration.authPolicy.allowAnonymous {
            logger.warning("anonymous Bolt connections are allowed and act as the viewer role")
        }

        let engine = CypherEngine(store: store)
        let queries = QueryService(
            engine: engine,
            accounts: accounts,
            authenticator: authenticator,
            defaultDatabase: configuration.defaultDatabase,
            transactionTimeoutSeconds: configuration.transactionTimeoutSeconds,
            pool: storagePool
        )
        let authLogger = configuration.authDebug ? logger.with(level: .debug) : logger
        let bolt = try BoltServer(
            configuration: BoltServer.Configuration(
                address: configuration.address,
                port: configuration.boltPort,
                serverAgent: ServerInfo.boltAgent
            ),
            queries: queries,
            logger: logger,
            authLogger: authLogger
        )
        logger.info("Bolt listening on \(configuration.address):\(bolt.port)")
        return Server(bolt: bolt, store: store, pools: [storagePool, authPool], logger: logger)
    }

    /// Stops listening, rolls back open transactions, closes connections and files.
    func stop() async {
        await bolt.stop()
        store.close()
        for pool in pools { pool.shutdown() }
    }
}
