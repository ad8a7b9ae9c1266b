import BasicAuth
import BoltServer
import Foundation
import Host
import JWTAuth
import PostgreSQLStore
import QueryEngine
import SQLiteStore
import Store

/// The running server: storage, accounts, authentication, the query service and listeners.
final class Server: Sendable {
    private let bolt: BoltServer
    private let http: HTTPListener
    private let lock: DataDirectoryLock
    private let store: any GraphStore
    private let pools: [BlockingPool]
    private let logger: Logger
    /// The password providers, whose plugins' threads stop with the server.
    private let providers: IdentityProviders
    private let audit: AuditLog
    /// Receives other servers' security changes when the accounts are in PostgreSQL.
    private let listener: PostgreSQLSecurityListener?
    /// Issues, describes and revokes bearer tokens, for the HTTP API's token endpoints.
    let tokens: JWTTokenService
    /// This node's cluster membership; nil outside cluster mode.
    private let membership: PostgreSQLClusterMembership?

    private init(
        bolt: BoltServer,
        http: HTTPListener,
        lock: DataDirectoryLock,
        store: any GraphStore,
        pools: [BlockingPool],
        logger: Logger,
        providers: IdentityProviders,
        audit: AuditLog,
        listener: PostgreSQLSecurityListener?,
        tokens: JWTTokenService,
        membership: PostgreSQLClusterMembership?
    ) {
        self.membership = membership
        self.audit = audit
        self.listener = listener
        self.bolt = bolt
        self.http = http
        self.lock = lock
        self.store = store
        self.pools = pools
        self.logger = logger
        self.providers = providers
        self.tokens = tokens
    }

    /// Opens the data directory, bootstraps the first admin and starts listening.
    /// - Parameter plugins: the LDAP and PAM settings, checked by their plugins.
    static func start(
        configuration: Configuration,
        plugins: IdentityProviders.PluginSettings,
        logger: Logger
    ) async throws -> Server {
        if let warning = try DataDirectory.prepare(configuration.dataDirectory) { logger.warning(warning) }
        let lock = try DataDirectoryLock.acquire(in: configuration.dataDirectory, purpose: "start the server")
        // Storage and hashing get separate pools, so a burst of logins takes no threads from
        // queries. The storage pool is large because QueryService lets each user run at most four
        // statements at once, so long statements of one user leave threads for the others. Bolt
        // connections' tasks run on the storage pool too, so a statement stays on one thread.
        let storagePool = BlockingPool(name: "storage", threadCount: 32)
        // Hashing runs at a lower CPU priority, so a burst of Argon2id logins cannot take the
        // cores from statements of connections already logged in.
        let authPool = BlockingPool(name: "auth", threadCount: 4, niceness: 10)

        let (store, repository) = try await StorageSetup.open(configuration, pool: storagePool, logger: logger)
        let membership = try await ClusterSetup.open(configuration, pool: storagePool, logger: logger)
        let hasher = Argon2idHasher()
        let verifiedLogins = CredentialCache(
            timeToLiveSeconds: configuration.authCacheTTLSeconds,
            maximumEntries: configuration.authCacheMaximumEntries
        )
        let accounts = try await authPool.run {
            try AccountManager(repository: repository, hasher: hasher, pool: authPool, verifiedLogins: verifiedLogins)
        }
        try await AdminBootstrap.run(configuration.initialAuth, accounts: accounts, logger: logger)

        let revocations = try await authPool.run {
            try RevocationList(repository: repository, pool: authPool)
        }
        let keys = try JWTKeys.load(configuration, logger: logger)
        // Login tokens name this node, so a node that shares the JWT secret but keeps its own
        // accounts rejects them. Cluster members share one identity, as they share accounts.
        // Cluster tokens stay valid on every node.
        let node = try ClusterSetup.tokenIssuer(configuration, membership: membership, logger: logger)
        // `exp` is optional: cluster tokens may be minted without expiry on purpose. `iss` is not
        // checked, so tokens minted by other tools with the shared secret stay accepted.
        let verifier = JWTVerifier(keys: keys, policy: JWTVerifier.Policy(requireExpiration: false))
        let tokens = JWTTokenService(
            signer: JWTSigner(keys: keys),
            verifier: verifier,
            revocations: revocations,
            node: node,
            loginTokenLifetime: configuration.tokenLifetimeSeconds
        )
        let providers = IdentityProviders.make(
            configuration: configuration,
            plugins: plugins,
            accounts: accounts,
            jwt: JWTProvider(verifier: verifier, accounts: accounts, revocations: revocations, node: node),
            logger: logger
        )
        let audit = try SecurityLogSetup.open(configuration, logger: logger)
        let authenticator = Authenticator(
            providers: providers.chain,
            policy: configuration.authPolicy,
            throttle: LoginThrottle(limits: configuration.loginLimits),
            audit: audit,
            sharedLimits: (repository as? any LoginFailureRepository).map {
                SharedLoginLimits(repository: $0, limits: configuration.loginLimits, pool: authPool, logger: logger)
            },
            announcer: repository as? any SecurityChangeAnnouncer
        )
        let listener = ClusterSync.startListener(
            configuration,
            invalidation: SecurityCacheInvalidation(
                accounts: accounts,
                revocations: revocations,
                authenticator: authenticator
            ),
            logger: logger
        )
        if !configuration.authPolicy.authenticationEnabled {
            logger.warning("authentication is disabled (NORNICDB_AUTH=none): every connection acts as admin")
        } else if configuration.authPolicy.allowAnonymous {
            logger.warning("anonymous Bolt connections are allowed and act as the viewer role")
        }

        if let path = configuration.testProcedures.path {
            logger.warning(
                "test procedures are defined from \(path) (NORNICDB_TEST_PROCEDURES); this setting is for testing only"
            )
        }
        let engine = CypherEngine(store: store, testProcedures: configuration.testProcedures.procedures)
        let queries = QueryService(
            engine: engine,
            accounts: accounts,
            authenticator: authenticator,
            defaultDatabase: configuration.defaultDatabase,
            transactionTimeoutSeconds: configuration.transactionTimeoutSeconds,
            audit: audit,
            pool: storagePool
        )
        let authLogger = configuration.authDebug ? logger.with(level: .debug) : logger
        var boltConfiguration = BoltServer.Configuration(
            address: configuration.address,
            port: configuration.boltPort,
            serverAgent: ServerInfo.boltAgent
        )
        boltConfiguration.limits = configuration.limits
        boltConfiguration.cluster = membership
        let bolt: BoltServer
        do {
            boltConfiguration.tls = try TLSListeners.bolt(configuration.tls, logger: logger)
            // Registering before Bolt listens means a server whose node id is taken never accepts
            // a connection.
            if let membership {
                try await ClusterSetup.register(
                    membership,
                    configuration: configuration,
                    pool: storagePool,
                    logger: logger
                )
            }
            bolt = try BoltServer(
                configuration: boltConfiguration,
                queries: queries,
                logger: logger,
                authLogger: authLogger
            )
        } catch {
            await abandonStart(
                listener: listener,
                membership: membership,
                providers: providers,
                pools: [storagePool, authPool],
                logger: logger
            )
            throw error
        }
        logger.info("Bolt listening on \(configuration.address):\(bolt.port)")
        if let tls = boltConfiguration.tls {
            logger.info("Bolt accepts TLS\(tls.required ? " only" : " and plaintext")")
        }
        let probePool = BlockingPool(name: "cluster-probe", threadCount: 4)
        let clusterStatus = ClusterStatusService(
            cluster: membership,
            standalone: ClusterMember(
                nodeID: "",
                address: configuration.address.contains(":")
                    ? "[\(configuration.address)]:\(bolt.port)" : "\(configuration.address):\(bolt.port)",
                version: ServerInfo.version,
                startedAt: UnixTime.now(),
                heartbeatAgeMilliseconds: 0,
                hasLeft: false,
                isLive: true
            ),
            tokens: tokens,
            pool: probePool,
            logger: logger.with(label: "cluster")
        )
        let http: HTTPListener
        do {
            http = try HTTPListener.start(
                configuration: configuration,
                queries: queries,
                tokens: tokens,
                clusterStatus: clusterStatus,
                logger: logger,
                authLogger: authLogger
            )
        } catch {
            await bolt.stop()
            await abandonStart(
                listener: listener,
                membership: membership,
                providers: providers,
                pools: [storagePool, authPool, probePool],
                logger: logger
            )
            // Logins over Bolt may have queued security-log entries.
            audit.close()
            throw error
        }
        logger.info("HTTP listening on \(configuration.address):\(http.server.port)")
        if let secure = http.secureServer {
            logger.info("HTTPS listening on \(configuration.address):\(secure.port)")
        }
        audit.record(SecurityLogSetup.startEvent(configuration, boltPort: bolt.port, httpPort: http.server.port))
        return Server(
            bolt: bolt,
            http: http,
            lock: lock,
            store: store,
            pools: [storagePool, authPool, probePool],
            logger: logger,
            providers: providers,
            audit: audit,
            listener: listener,
            tokens: tokens,
            membership: membership
        )
    }

    /// Stops listening, rolls back open transactions, closes connections and files.
    func stop() async {
        // Leaving first lets the other members drop this node from routing tables at once.
        if let membership, let pool = pools.first { await pool.run { membership.leave() } }
        // A thread of its own, not the storage pool, whose queue may hold statements until the
        // listeners close.
        if let listener { _ = await Self.onOwnThread(named: "nornicdb-stop-listener") { listener.stop() } }
        await http.stop()
        await bolt.stop()
        store.close()
        providers.shutdown()
        for pool in pools { pool.shutdown() }
        await Self.waitForBlockingWork(pools: pools, providers: providers, logger: logger)
        audit.record(SecurityEvent(.serverStop))
        audit.close()
        lock.release()
    }

    /// Undoes the parts of a failed start that run threads of their own in libpq, libldap or
    /// libpam. The process exits next, and it must not while such a thread is inside one of them
    /// (see ``PostgreSQLSecurityListener``).
    ///
    /// - Parameter pools: every pool made so far; the first is the storage pool.
    private static func abandonStart(
        listener: PostgreSQLSecurityListener?,
        membership: PostgreSQLClusterMembership?,
        providers: IdentityProviders,
        pools: [BlockingPool],
        logger: Logger
    ) async {
        if let listener { _ = await onOwnThread(named: "nornicdb-stop-listener") { listener.stop() } }
        // Leaving names this start's incarnation, so it never marks a live member with the same
        // node id gone.
        if let membership, let pool = pools.first { await pool.run { membership.leave() } }
        // Once Bolt has listened, logins may be running in the plugins and statements in the pools.
        providers.shutdown()
        for pool in pools { pool.shutdown() }
        await waitForBlockingWork(pools: pools, providers: providers, logger: logger)
    }

    /// Waits up to ten seconds for the jobs still running on the pools to end, because the
    /// process exits next, and a job inside libpq, libldap or OpenSSL at that moment can crash it
    /// (see ``BlockingPool/waitUntilStopped(until:)``).
    private static func waitForBlockingWork(pools: [BlockingPool], providers: IdentityProviders, logger: Logger) async {
        let deadline = ContinuousClock.now + .seconds(10)
        // A thread of its own: the wait blocks, and every pool is stopping.
        let running = await Self.onOwnThread(named: "nornicdb-stop") {
            pools.filter { !$0.waitUntilStopped(until: deadline) }.map(\.name)
                + providers.waitUntilStopped(until: deadline)
        }
        if !running.isEmpty {
            logger.warning("Stopping with blocking work still running", metadata: ["pools": "\(running)"])
        }
    }

    /// Runs `body`, which blocks, on a new thread and returns its result. It serves the few
    /// blocking waits of start-up and shutdown, which must not wait in a pool's queue.
    private static func onOwnThread<Result: Sendable>(
        named name: String,
        _ body: @escaping @Sendable () -> Result
    ) async -> Result {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
