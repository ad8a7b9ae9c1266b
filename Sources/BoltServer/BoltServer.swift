public import Host
internal import NetworkIO
internal import Synchronization
public import TLS

/// The Bolt listener: accepts connections and runs each one as its own task.
///
/// Connections are independent: a slow or failing client holds only its own task, and all
/// blocking work happens on the query service's pools.
public final class BoltServer: Sendable {
    public struct Configuration: Sendable {
        public var address: String
        public var port: UInt16
        /// The agent reported in HELLO's reply; Neo4j drivers require the `Neo4j/` prefix.
        public var serverAgent: String
        /// TLS on the Bolt port, or nil for plaintext only.
        public var tls: BoltTLS?
        /// Connection, time, message size and transaction bounds.
        public var limits = LimitSettings()
        /// The cluster whose live members ROUTE lists; nil lists only this server.
        public var cluster: (any ClusterView)?

        public init(address: String, port: UInt16, serverAgent: String) {
            precondition(serverAgent.hasPrefix("Neo4j/"), "drivers reject a server agent without the Neo4j/ prefix")
            self.address = address
            self.port = port
            self.serverAgent = serverAgent
        }
    }

    public let port: UInt16
    private let loop: EventLoop
    private let listener: TCPListener
    private let registry: ConnectionRegistry
    private let timers: ConnectionTimers

    /// Binds the configured address and port and starts accepting.
    public init(configuration: Configuration, queries: QueryService, logger: Logger, authLogger: Logger) throws {
        let loop = try EventLoop(name: "bolt-io")
        let registry = ConnectionRegistry()
        let context = ConnectionContext(
            queries: queries,
            serverAgent: configuration.serverAgent,
            tls: configuration.tls,
            listenAddress: configuration.address.contains(":")
                ? "[\(configuration.address)]:\(configuration.port)" : "\(configuration.address):\(configuration.port)",
            logger: logger.with(label: "bolt"),
            authLogger: authLogger.with(label: "bolt.auth"),
            limits: configuration.limits,
            cluster: configuration.cluster,
            transactions: TransactionQuota(
                maximumPerPrincipal: configuration.limits.maximumTransactionsPerUser,
                maximumTotal: configuration.limits.maximumTransactions
            )
        )
        do {
            let acceptLogger = logger.with(label: "bolt")
            listener = try TCPListener(
                address: configuration.address,
                port: configuration.port,
                loop: loop,
                onAcceptError: { error in
                    acceptLogger.error("accepting connections paused for 100 ms: \(error)")
                }
            ) { socket in
                let id = registry.nextID()
                let admission = registry.admit(limit: context.limits.maximumConnections)
                if admission == .dropped {
                    socket.close()
                    return
                }
                let connection = BoltConnection(
                    id: "bolt-\(id)",
                    socket: socket,
                    context: context,
                    rejection: admission == .rejected ? Self.rejection(limit: context.limits.maximumConnections) : nil
                )
                // The task runs on the storage pool, whose threads may block. With few connections
                // open and half the threads free, it waits a moment for its client's next request on
                // its own thread, which saves the event loop's hand-off when the client sends it
                // quickly. With many connections, the waiting ones would be served before the others
                // and the others' latency would grow (p99 at 64 connections rose from 3 to 5 ms).
                let pool = context.queries.pool
                socket.allowDirectReads(waitingAtMost: Self.directReadWait) {
                    registry.servedCount.load(ordering: .relaxed) <= Self.directReadConnections
                        && pool.mayBlockCurrentThread(keepingIdle: pool.threadCount / 2)
                }
                // Register before the task starts, so that its removal cannot come first and leave a
                // stale entry that the timer sweep and stop() would still visit.
                registry.add(id, connection: connection)
                // The connection's task prefers the storage pool, so a statement runs where its
                // request was decoded, instead of moving from a cooperative thread to a storage
                // thread and back. While every storage thread is busy, the pool runs the task's
                // jobs on Dispatch's global queue instead.
                let task = Task(executorPreference: context.queries.pool) {
                    await connection.run()
                    registry.remove(id, admission: admission)
                }
                registry.attach(task, to: id)
            }
        } catch {
            loop.stop()
            throw ConfigurationError(
                "Bolt cannot listen on \(context.listenAddress): \(error); check NORNICDB_ADDRESS and NORNICDB_BOLT_PORT."
            )
        }
        self.loop = loop
        self.registry = registry
        self.timers = ConnectionTimers(registry: registry, limits: configuration.limits)
        self.port = listener.port
    }

    /// Makes the FAILURE a connection over the limit gets to its first message. Neo4j sends the
    /// same code when its Bolt threads are all busy, and drivers retry it.
    static func rejection(limit: Int) -> ServerError {
        ServerError(
            .noThreadsAvailable,
            "The server already has \(limit) Bolt connections open, its limit (NORNICDB_MAX_CONNECTIONS); "
                + "retry later or close idle connections."
        )
    }

    /// How long a connection's task waits for the next request on its own thread before it
    /// leaves the wait to the event loop.
    static let directReadWait = Duration.milliseconds(1)
    /// The maximum number of open connections at which tasks still wait on their own threads.
    static let directReadConnections = 8

    /// Stops accepting, ends every connection and waits for them.
    ///
    /// Running statements are cancelled and open transactions rolled back. A statement inside a
    /// single store call, such as one large SQLite write, ends when that call returns.
    public func stop() async {
        listener.close()
        timers.stop()
        let connections = registry.all()
        for (connection, _) in connections { connection.shutdown() }
        for (_, task) in connections { await task?.value }
        loop.stop()
    }
}

/// The services and settings shared by every connection.
struct ConnectionContext: Sendable {
    let queries: QueryService
    let serverAgent: String
    let tls: BoltTLS?
    /// `host:port` of the listener, used in routing tables when the client names no address.
    let listenAddress: String
    let logger: Logger
    let authLogger: Logger
    let limits: LimitSettings
    let cluster: (any ClusterView)?
    /// Open Bolt transactions per user, across connections.
    let transactions: TransactionQuota
}

/// TLS on the Bolt port: where its contexts come from, and whether plaintext is refused.
///
/// A client's first byte chooses: 0x16 starts a TLS handshake, anything else is plaintext Bolt.
public struct BoltTLS: Sendable {
    public let contexts: TLSContextSource
    public let required: Bool

    public init(contexts: TLSContextSource, required: Bool) {
        self.contexts = contexts
        self.required = required
    }
}

/// The open connections, so that shutdown can reach them, and their count against the limit.
final class ConnectionRegistry: Sendable {
    /// How a new connection is treated: served, sent a FAILURE that the server is full, or closed
    /// at once.
    enum Admission: Sendable {
        case served
        case rejected
        case dropped
    }

    // NOTE: rejecting takes a handshake and one message, bounded by the login timeout. Beyond
    // this many rejections in progress, further connections are closed without a reply, so a
    // flood of connections cannot hold unbounded tasks.
    static let maximumRejecting = 64

    private struct State {
        var next = 1
        /// The task is nil for the moment between registering a connection and starting it.
        var open: [Int: (connection: BoltConnection, task: Task<Void, Never>?)] = [:]
        var served = 0
        var rejecting = 0
    }

    private let state = Mutex(State())
    /// The number of served connections, read without the lock by the direct-read check.
    let servedCount = Atomic<Int>(0)

    func nextID() -> Int {
        state.withLock { state in
            defer { state.next += 1 }
            return state.next
        }
    }

    /// Counts a new connection as served while fewer than `limit` are, else as rejected while
    /// fewer than ``maximumRejecting`` are being rejected.
    func admit(limit: Int) -> Admission {
        state.withLock { state in
            if state.served < limit {
                state.served += 1
                servedCount.store(state.served, ordering: .relaxed)
                return .served
            }
            if state.rejecting < Self.maximumRejecting {
                state.rejecting += 1
                return .rejected
            }
            return .dropped
        }
    }

    func add(_ id: Int, connection: BoltConnection) {
        state.withLock { $0.open[id] = (connection, nil) }
    }

    /// Records the task that serves connection `id`, unless it has already ended and removed it.
    func attach(_ task: Task<Void, Never>, to id: Int) {
        state.withLock { $0.open[id]?.task = task }
    }

    func remove(_ id: Int, admission: Admission) {
        state.withLock { state in
            state.open.removeValue(forKey: id)
            switch admission {
            case .served:
                state.served -= 1
                servedCount.store(state.served, ordering: .relaxed)
            case .rejected: state.rejecting -= 1
            case .dropped: break
            }
        }
    }

    func all() -> [(connection: BoltConnection, task: Task<Void, Never>?)] {
        state.withLock { Array($0.open.values) }
    }

    /// Returns a copy of the open connections with their ids, so that callers act on them unlocked.
    func connections() -> [(id: Int, connection: BoltConnection)] {
        state.withLock { state in state.open.map { (id: $0.key, connection: $0.value.connection) } }
    }
}

extension ServerError.Status {
    /// Neo4j's code for a server whose Bolt workers are all busy; used here for a connection
    /// beyond `NORNICDB_MAX_CONNECTIONS`.
    static let noThreadsAvailable = Self(
        code: "Neo.TransientError.Request.NoThreadsAvailable",
        gqlStatus: "53N00",
        gqlDescription: "error: insufficient resources"
    )
}
