import BoltProtocol
import Host
import NetworkIO
import Synchronization

/// The time bounds of a connection: the idle check on reads, the transaction deadline while the
/// client is idle, the orderly close after a final reply, and what ``ConnectionTimers`` reads
/// for the login, write and idle timeouts. The count of open transactions per user is kept here
/// too.
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

    /// Writes a reply while ``ConnectionTimers`` watches it. The write timeout closes the
    /// connection when the client reads none of the reply. Without it, a client that stops
    /// reading would keep its transaction and its locks for as long as it likes.
    func send(_ bytes: [UInt8]) async -> Bool {
        writeSequence.add(1, ordering: .releasing)
        defer { writeSequence.add(1, ordering: .releasing) }
        return await transport.write(bytes)
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
            let idleFor = UnixTime.monotonicNanoseconds() - lastActivityNanoseconds.load(ordering: .acquiring)
            if idleTimeout > 0, idleFor >= idleTimeout * 1_000_000_000 {
                logger.info("closing: no request within the idle timeout of \(idleTimeout) seconds")
                return nil
            }
            let now = UnixTime.nowNanoseconds()
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
            // An empty read is a wake-up from the deadline timer or ``ConnectionTimers``: check again.
            if let bytes, bytes.isEmpty { continue }
            return bytes
        }
    }

    /// Records a whole request received or a reply sent, which restarts the idle timeout.
    func markActivity() {
        lastActivityNanoseconds.store(UnixTime.monotonicNanoseconds(), ordering: .releasing)
    }

    // MARK: Timers

    /// Reads what ``ConnectionTimers`` checks; safe from any task.
    func timerReading() -> TimerReading {
        let sequence = writeSequence.load(ordering: .acquiring)
        return TimerReading(
            openedNanoseconds: openedNanoseconds,
            hasAuthenticated: hasAuthenticated.load(ordering: .acquiring),
            lastActivityNanoseconds: lastActivityNanoseconds.load(ordering: .acquiring),
            writeSequence: sequence,
            // The count takes the socket's lock, so only a connection with a reply pending reads it.
            sentByteCount: sequence % 2 == 1 ? socket.sentByteCount : 0
        )
    }

    /// Logs `message` and closes the socket, which ends ``run()``; only the first call logs.
    /// Safe from any task.
    func closeForTimeout(_ message: String) {
        guard !isClosedByTimer.exchange(true, ordering: .acquiringAndReleasing) else { return }
        logger.info(message)
        socket.close()
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
