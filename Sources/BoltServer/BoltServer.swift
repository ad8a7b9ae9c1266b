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
            authLogger: authLogger.with(label: "bolt.auth")
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
                let connection = BoltConnection(id: "bolt-\(id)", socket: socket, context: context)
                let task = Task {
                    await connection.run()
                    registry.remove(id)
                }
                registry.add(id, connection: connection, task: task)
            }
        } catch {
            loop.stop()
            throw ConfigurationError(
                "Bolt cannot listen on \(context.listenAddress): \(error); check NORNICDB_ADDRESS and NORNICDB_BOLT_PORT."
            )
        }
        self.loop = loop
        self.registry = registry
        self.port = listener.port
    }

    /// Stops accepting, ends every connection (rolling back open transactions) and waits.
    public func stop() async {
        listener.close()
        for (connection, task) in registry.all() {
            connection.shutdown()
            await task.value
        }
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

/// The open connections, so that shutdown can reach them.
final class ConnectionRegistry: Sendable {
    private let state = Mutex<(next: Int, open: [Int: (BoltConnection, Task<Void, Never>)])>((1, [:]))

    func nextID() -> Int {
        state.withLock { state in
            defer { state.next += 1 }
            return state.next
        }
    }

    func add(_ id: Int, connection: BoltConnection, task: Task<Void, Never>) {
        state.withLock { $0.open[id] = (connection, task) }
    }

    func remove(_ id: Int) { _ = state.withLock { $0.open.removeValue(forKey: id) } }

    func all() -> [(BoltConnection, Task<Void, Never>)] { state.withLock { Array($0.open.values) } }
}
