import BoltProtocol
import Host
import NetworkIO
import Synchronization

/// The time bounds of a connection: the idle and write timeouts, the transaction deadline while
/// the client is idle, and the orderly close after a final reply. The count of open
/// transactions per user is kept here too.
extension BoltConnection {
    // NOTE: one second and 1 MiB are guesses: enough for requests a client pipelined behind
    // the one that failed, small enough that a client cannot keep a closing connection.
    /// How long, and how many bytes, a closing connection reads and discards after its last reply.
    static let drainTime: Duration = .seconds(1)
    static let drainBytes = 1 << 20

    /// Ends the connection after a final reply without losing it: the client may still be
    /// sending requests it pipelined, and closing with them unread would reset the connection
    /// and discard the reply before the client reads it. Sends FIN, then discards what arrives
    /// until the client closes, for at most ``drainTime`` and ``drainBytes``.
    func drainBeforeClose() async {
        // Over TLS the session ends without close_notify here; what arrives is discarded as
        // ciphertext, unread.
        socket.shutdownWrite()
        let timer = Task { [socket] in
            try? await Task.sleep(for: Self.drainTime)
            if !Task.isCancelled { socket.close() }
        }
        defer { timer.cancel() }
        var drained = 0
        while drained < Self.drainBytes, let bytes = await socket.read() {
            drained += bytes.count
        }
    }

    /// Writes a reply while ``watchWrites()`` watches it.
    func send(_ bytes: [UInt8]) async -> Bool {
        writeSequence.add(1, ordering: .releasing)
        defer { writeSequence.add(1, ordering: .releasing) }
        return await transport.write(bytes)
    }

    /// Closes the connection when the client reads none of a reply for the write timeout.
    /// Without that, a client that stops reading would keep its transaction and its locks for
    /// as long as it likes. One task per connection checks once per timeout, so a stalled
    /// write is found between one and two timeouts after the client stopped reading.
    func watchWrites() -> Task<Void, Never> {
        let timeout = Duration.seconds(context.limits.writeTimeoutSeconds)
        return Task { [self, socket, logger] in
            var last = (sequence: -1, sent: -1)
            while !Task.isCancelled {
                try? await Task.sleep(for: timeout)
                let current = (sequence: writeSequence.load(ordering: .acquiring), sent: socket.sentByteCount)
                if !Task.isCancelled, current.sequence % 2 == 1, current == last {
                    logger.info("closing: the client read none of the reply within \(timeout)")
                    socket.close()
                    return
                }
                last = current
            }
        }
    }

    /// Reads the next bytes, and rolls back the open transaction at its deadline. Returns nil,
    /// which closes the connection, once no request has arrived for the idle timeout.
    ///
    /// A statement checks the deadline while it runs, but an idle client would otherwise keep
    /// the transaction and its write lock until its next request. At the deadline a timer wakes
    /// the read, the transaction rolls back here on the connection's own task, and the client's
    /// next request in it fails with `TransactionTimedOut`.
    func readBeforeDeadlines() async -> [UInt8]? {
        let idleTimeout = context.limits.idleTimeoutSeconds
        while true {
            let now = UnixTime.nowNanoseconds()
            if idleTimeout > 0, now >= lastActivityNanoseconds.load(ordering: .acquiring) + idleTimeout * 1_000_000_000
            {
                logger.info("closing: no request within the idle timeout of \(idleTimeout) seconds")
                return nil
            }
            var transactionDeadline = session?.transactionDeadlineNanoseconds
            if let session, let deadline = transactionDeadline, now >= deadline {
                // Past the deadline already: a timer could fire before the read starts waiting.
                if await session.expireIfPastDeadline() {
                    logger.info("rolled back an idle transaction that passed its timeout")
                }
                releaseTransactionHoldIfEnded()
                transactionDeadline = session.transactionDeadlineNanoseconds
                if let deadline = transactionDeadline, UnixTime.nowNanoseconds() >= deadline {
                    transactionDeadline = nil
                }
            }
            let timer = transactionDeadline.map { deadline in
                Task { [socket] in
                    try? await Task.sleep(for: .nanoseconds(max(0, deadline - UnixTime.nowNanoseconds())))
                    if !Task.isCancelled { socket.wakeReader() }
                }
            }
            let bytes = await transport.read()
            timer?.cancel()
            // An empty read is a wake-up from a timer or the idle watchdog: check again.
            if let bytes, bytes.isEmpty { continue }
            return bytes
        }
    }

    /// Records a whole request received or a reply sent, which restarts the idle timeout.
    func markActivity() {
        lastActivityNanoseconds.store(UnixTime.nowNanoseconds(), ordering: .releasing)
    }

    /// Wakes the pending read once the idle timeout has passed since the last activity, so that
    /// ``readBeforeDeadlines()`` closes the connection. Returns nil when the timeout is off.
    /// One task serves the whole connection, so a read starts no timer. While a request is
    /// being processed no read is pending, so the task checks again each second until the
    /// reply marks new activity.
    func watchIdleTime() -> Task<Void, Never>? {
        let timeout = context.limits.idleTimeoutSeconds * 1_000_000_000
        guard timeout > 0 else { return nil }
        return Task { [self, socket] in
            while !Task.isCancelled {
                let remaining = lastActivityNanoseconds.load(ordering: .acquiring) + timeout - UnixTime.nowNanoseconds()
                if remaining <= 0 { socket.wakeReader() }
                try? await Task.sleep(for: .nanoseconds(max(remaining, 1_000_000_000)))
            }
        }
    }

    // MARK: Transactions per user

    /// Counts a transaction about to begin against the user's limit; throws over it.
    func holdTransaction(for principal: String) throws(ServerError) {
        releaseTransactionHold()
        let isAdmin = session?.identity.permissions.contains(.admin) ?? false
        try context.transactions.take(principal, isAdmin: isAdmin)
        transactionHolder = principal
    }

    /// Gives the count back once the transaction has ended, however it ended.
    func releaseTransactionHoldIfEnded() {
        if session?.inTransaction != true { releaseTransactionHold() }
    }

    func releaseTransactionHold() {
        guard let holder = transactionHolder else { return }
        context.transactions.release(holder)
        transactionHolder = nil
    }
}
