internal import CPostgreSQL
internal import Foundation
public import Host
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// Receives the security changes that servers sharing one PostgreSQL database announce on
/// ``PostgreSQLAccountRepository/securityChannel``, on one connection and thread of its own.
///
/// The thread waits with `poll` on the connection's socket and reads notifications with
/// `PQconsumeInput` and `PQnotifies`, so no Swift concurrency thread ever blocks on it. After
/// each (re)connect and `LISTEN`, it calls `resubscribed`, because notifications sent while it
/// was not listening are lost. When the connection breaks, or a handler fails, it reconnects
/// with a backoff from 0.1 s doubling to 5 s.
///
/// ``stop(waitingAtMost:)`` waits for the thread to end, because the process must not exit while
/// the thread is inside libpq. Servers that exited during the thread's SCRAM login crashed with
/// SIGSEGV in a lock call; OpenSSL's exit handlers are the likely cause.
public final class PostgreSQLSecurityListener: Sendable {
    private let connectionString: String
    private let redactedURL: String
    private let logger: Logger
    private let changed: @Sendable (SecurityChange) throws -> Void
    private let resubscribed: @Sendable () throws -> Void
    private let stopped = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)
    private let ended = DispatchSemaphore(value: 0)

    /// How long one `poll` waits, in milliseconds, which bounds how long ``stop()`` takes effect.
    static let pollMilliseconds: Int32 = 250
    static let initialBackoffSeconds = 0.1
    static let maximumBackoffSeconds = 5.0
    /// The time one connection attempt may take, in seconds, or nil for no limit.
    let connectTimeoutSeconds: Double?

    /// - Parameters:
    ///   - changed: applies one change; called on the listener's thread, where it may block.
    ///   - resubscribed: reloads everything; called on the listener's thread after each connect.
    public init(
        url: PostgreSQLURL,
        logger: Logger,
        changed: @escaping @Sendable (SecurityChange) throws -> Void,
        resubscribed: @escaping @Sendable () throws -> Void
    ) {
        // TCP keepalives notice a PostgreSQL host that vanished without closing the connection.
        let defaults =
            PostgreSQLGraphStore.connectionDefaults + [
                (key: "keepalives", value: "1"), (key: "keepalives_idle", value: "10"),
                (key: "keepalives_interval", value: "5"), (key: "keepalives_count", value: "3"),
            ]
        self.connectionString = url.connectionString(defaults: defaults)
        self.connectTimeoutSeconds = Self.connectTimeout(of: url)
        self.redactedURL = url.redacted
        self.logger = logger
        self.changed = changed
        self.resubscribed = resubscribed
    }

    /// Returns the URL's `connect_timeout` as libpq reads it, or 10 s, the default of the store's
    /// connections, when the URL gives none.
    ///
    /// libpq applies `connect_timeout` only to its blocking connect calls, and the listener uses
    /// the non-blocking ones, so the listener enforces the timeout itself. As in libpq, a value of
    /// zero or less means no limit, and 1 means 2 seconds. A value libpq would reject gets 10 s,
    /// and then the connection fails with libpq's error.
    static func connectTimeout(of url: PostgreSQLURL) -> Double? {
        guard let text = url.parameters.last(where: { $0.key == "connect_timeout" })?.value else { return 10 }
        guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)) else { return 10 }
        if seconds <= 0 { return nil }
        return Double(max(seconds, 2))
    }

    /// Starts the listener's thread.
    public func start() {
        running.store(true, ordering: .sequentiallyConsistent)
        let thread = Thread { [self] in
            run()
            ended.signal()
        }
        thread.name = "nornicdb-security-listener"
        thread.start()
    }

    /// Asks the thread to close its connection and end, and waits until it has.
    ///
    /// The thread checks for the request between `poll` calls of at most 250 ms, also while it
    /// connects. A reload or `LISTEN` in progress runs to its end first. This call blocks, so call
    /// it from a thread of its own, never from a task.
    /// - Returns: false if the thread was still running when `timeoutSeconds` passed.
    @discardableResult
    public func stop(waitingAtMost timeoutSeconds: Double = 15) -> Bool {
        stopped.store(true, ordering: .sequentiallyConsistent)
        guard running.exchange(false, ordering: .sequentiallyConsistent) else { return true }
        guard ended.wait(timeout: .now() + timeoutSeconds) == .success else {
            logger.warning(
                "The thread that listens for security changes did not stop in time",
                metadata: ["db.url": redactedURL, "wait.seconds": "\(timeoutSeconds)"]
            )
            return false
        }
        return true
    }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    private func run() {
        var backoff = Self.initialBackoffSeconds
        var connectedBefore = false
        while !isStopped {
            if let connection = connect() {
                if connectedBefore {
                    logger.info("Listening for security changes again", metadata: ["db.url": redactedURL])
                }
                connectedBefore = true
                if receive(on: connection) { backoff = Self.initialBackoffSeconds }
                PQfinish(connection)
            }
            if isStopped { break }
            logger.info(
                "Reconnecting to PostgreSQL for security changes",
                metadata: ["db.url": redactedURL, "retry.seconds": "\(backoff)"]
            )
            sleepUnlessStopped(seconds: backoff)
            backoff = min(backoff * 2, Self.maximumBackoffSeconds)
        }
    }

    /// Connects and subscribes; returns nil after logging why it failed, or when the listener
    /// stops meanwhile.
    private func connect() -> OpaquePointer? {
        guard let connection = PQconnectStart(connectionString) else { return nil }
        guard establish(connection) else {
            PQfinish(connection)
            return nil
        }
        let result = PQexec(connection, "LISTEN \(PostgreSQLAccountRepository.securityChannel)")
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            warn("Cannot listen for security changes", connection)
            PQfinish(connection)
            return nil
        }
        return connection
    }

    /// Drives libpq's non-blocking connection to its end, so the thread sees a stop request while
    /// the server is slow to reply. Returns true once the connection is ready.
    private func establish(_ connection: OpaquePointer) -> Bool {
        let deadline = connectTimeoutSeconds.map { Date().addingTimeInterval($0) } ?? .distantFuture
        // libpq's contract: before the first PQconnectPoll, wait as if it had asked to write.
        var progress = PGRES_POLLING_WRITING
        while true {
            if progress == PGRES_POLLING_OK { return true }
            guard progress == PGRES_POLLING_READING || progress == PGRES_POLLING_WRITING,
                PQstatus(connection) != CONNECTION_BAD
            else {
                warn("Cannot connect to PostgreSQL to listen for security changes", connection)
                return false
            }
            let events = progress == PGRES_POLLING_READING ? POLLIN : POLLOUT
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(events), revents: 0)
            let ready = poll(&descriptor, 1, Self.pollMilliseconds)
            if isStopped { return false }
            if ready < 0, errno != EINTR {
                warn("Cannot wait for the PostgreSQL connection that listens for security changes", connection)
                return false
            }
            // Checked on every pass, so a server that replies a few bytes at a time cannot stretch
            // the attempt past the deadline.
            if Date() >= deadline {
                logger.warning(
                    "Cannot connect to PostgreSQL to listen for security changes",
                    metadata: ["db.url": redactedURL, "timeout.seconds": "\(connectTimeoutSeconds ?? 0)"]
                )
                return false
            }
            if ready > 0 { progress = PQconnectPoll(connection) }
        }
    }

    /// Reloads everything, then applies notifications until the connection breaks, a handler
    /// fails or the listener stops. Returns true if the reload after connecting succeeded.
    private func receive(on connection: OpaquePointer) -> Bool {
        do {
            try resubscribed()
        } catch {
            logger.warning(
                "Failed to reload security state after connecting",
                metadata: ["db.url": redactedURL, "error": "\(error)"]
            )
            return false
        }
        let socket = PQsocket(connection)
        while !isStopped {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Self.pollMilliseconds)
            if ready < 0, errno == EINTR { continue }
            if ready == 0 { continue }
            guard ready > 0, PQconsumeInput(connection) == 1 else {
                warn("Lost the PostgreSQL connection that listens for security changes", connection)
                return true
            }
            while let notification = PQnotifies(connection) {
                let payload = String(cString: notification.pointee.extra)
                PQfreemem(notification)
                guard let change = SecurityChange(payload: payload) else {
                    logger.warning(
                        "Ignored an unknown security change",
                        metadata: ["payload": "\(payload.prefix(200))"]
                    )
                    continue
                }
                do {
                    try changed(change)
                } catch {
                    // Reconnecting reloads everything, which covers the change that failed.
                    logger.warning(
                        "Failed to apply a security change; reloading all security state",
                        metadata: ["change": "\(payload.prefix(200))", "error": "\(error)"]
                    )
                    return true
                }
            }
            if PQstatus(connection) != CONNECTION_OK {
                warn("Lost the PostgreSQL connection that listens for security changes", connection)
                return true
            }
        }
        return true
    }

    private func sleepUnlessStopped(seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while !isStopped, Date() < deadline { usleep(50_000) }
    }

    private func warn(_ message: String, _ connection: OpaquePointer) {
        var reason = String(cString: PQerrorMessage(connection))
        while reason.last?.isNewline == true { reason.removeLast() }
        logger.warning(message, metadata: ["db.url": redactedURL, "postgres.message": reason])
    }
}
