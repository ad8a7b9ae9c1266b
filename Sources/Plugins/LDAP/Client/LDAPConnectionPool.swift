internal import Synchronization

/// Open directory connections kept for later logins, so most logins skip the TCP and TLS
/// handshakes.
///
/// Logins run on a ``BlockingPool`` with as many threads as the pool keeps connections, so at
/// most that many exist at once.
final class LDAPConnectionPool: Sendable {
    private let options: LDAPConnectionOptions
    private let capacity: Int
    private let idle = Mutex<[LDAPConnection]>([])

    init(options: LDAPConnectionOptions, capacity: Int) {
        self.options = options
        self.capacity = capacity
    }

    /// Returns an idle connection, or opens a new one. `reused` is true for an idle connection,
    /// whose failure may come from the server having closed it since.
    func take(interrupt: LDAPInterrupt) throws(LDAPFailure) -> (connection: LDAPConnection, reused: Bool) {
        if let connection = idle.withLock({ $0.popLast() }) {
            interrupt.attach(connection.watch)
            return (connection, true)
        }
        return (try LDAPConnection(options: options, interrupt: interrupt), false)
    }

    /// Keeps a healthy connection for the next login, or closes it when the pool is full.
    func put(_ connection: LDAPConnection) {
        guard connection.isOpen else { return }
        let kept = idle.withLock { connections -> Bool in
            guard connections.count < capacity else { return false }
            connections.append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// Closes every idle connection.
    func drain() {
        let connections = idle.withLock { connections -> [LDAPConnection] in
            defer { connections.removeAll() }
            return connections
        }
        for connection in connections { connection.close() }
    }
}
