import Host
import Synchronization

/// Bounds on open HTTP transactions, so no client can hold every store connection or fill memory.
///
/// Each open transaction uses one store connection until it ends, so `total` must stay well
/// below the store's maximum connections, and `perPrincipal` well below `total`, so that the
/// remaining connections serve Bolt and single requests.
struct TransactionLimits: Sendable, Equatable {
    /// The maximum number of open transactions of one principal.
    var perPrincipal: Int = 8
    /// The maximum number of open transactions of all clients together.
    // NOTE: 128 assumes the store allows 256 connections (SQLiteGraphStore's `maximumConnections`
    // as the server configures it); with fewer, HTTP transactions alone can use them all up.
    var total: Int = 128
}

/// The open HTTP transactions, behind one lock: it hands out leases, counts and expires them.
///
/// A transaction is either idle or leased to exactly one task. A request acquires the lease
/// with ``acquire(id:owner:database:now:)``, and gives it back with ``keep(_:now:)``, which
/// restarts the idle timer, or ends the transaction with ``remove(_:)``. A second request while
/// the lease is out gets ``Lookup/busy``. Idle transactions past their idle deadline are handed
/// to the caller of ``removeExpired(now:unixNanoseconds:)`` or ``acquire(id:owner:database:now:)``
/// for rollback, and so are idle transactions past their transaction timeout to the caller of
/// ``removeExpired(now:unixNanoseconds:)``.
final class TransactionRegistry: Sendable {
    enum Lookup {
        case acquired(HTTPTransaction)
        case busy
        /// `reason` is for the debug log only, because the client gets the same error for every reason.
        /// `expired` is an idle transaction past its deadline, now removed, for the caller to roll back.
        case notFound(reason: String, expired: HTTPTransaction?)
    }

    private struct Entry {
        let transaction: HTTPTransaction
        var leased: Bool
        var idleDeadline: ContinuousClock.Instant
        /// When the transaction's own timeout (`NORNICDB_TRANSACTION_TIMEOUT` or the client's)
        /// passes, in nanoseconds of `UnixTime.nowNanoseconds()`; nil for none. Read from the
        /// session by the lease holder in ``keep(_:now:)``, because only it may touch the session.
        var transactionDeadline: Int64? = nil
        /// Set by ``close()`` on a leased transaction: its holder must roll it back.
        var doomed = false
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var openByPrincipal: [String: Int] = [:]
        var closed = false
    }

    let idleTimeout: Duration
    let limits: TransactionLimits
    private let state = Mutex(State())

    init(idleTimeout: Duration, limits: TransactionLimits) {
        self.idleTimeout = idleTimeout
        self.limits = limits
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// Adds a transaction that is being begun, leased to the caller.
    ///
    /// - Throws: `ResourceExhaustion` over a limit, `DatabaseUnavailable` after ``close()``.
    func register(_ transaction: HTTPTransaction, now: ContinuousClock.Instant = .now) throws(ServerError) {
        let principal = transaction.owner.principal
        let failure = state.withLock { state -> ServerError? in
            if state.closed { return TransactionErrors.shuttingDown }
            if state.entries.count >= limits.total { return TransactionErrors.tooManyInTotal(limit: limits.total) }
            let open = state.openByPrincipal[principal, default: 0]
            if open >= limits.perPrincipal {
                return TransactionErrors.tooManyForPrincipal(principal, limit: limits.perPrincipal)
            }
            // 128 random bits never repeat in practice; refusing a repeat keeps the other entry safe.
            if state.entries[transaction.id] != nil { return ServerError(.unknownError, "Retry the request.") }
            state.entries[transaction.id] = Entry(transaction: transaction, leased: true, idleDeadline: now)
            state.openByPrincipal[principal] = open + 1
            return nil
        }
        if let failure { throw failure }
    }

    /// Leases the transaction `id` to the caller, if `owner` owns it, it is on `database` and idle.
    ///
    /// The owner and database are checked before the lease, so another identity cannot learn
    /// even that the transaction is busy.
    func acquire(id: String, owner: TransactionOwner, database: String, now: ContinuousClock.Instant = .now)
        -> Lookup
    {
        state.withLock { state in
            guard var entry = state.entries[id] else { return .notFound(reason: "unknown id", expired: nil) }
            let transaction = entry.transaction
            guard transaction.owner == owner else { return .notFound(reason: "other owner", expired: nil) }
            guard transaction.database == database else { return .notFound(reason: "other database", expired: nil) }
            if entry.leased { return .busy }
            if now >= entry.idleDeadline {
                Self.delete(id, from: &state)
                return .notFound(reason: "idle timeout", expired: transaction)
            }
            entry.leased = true
            state.entries[id] = entry
            return .acquired(transaction)
        }
    }

    /// Returns the lease and restarts the idle timer. Returns false when the server is shutting
    /// down, and then the caller rolls the transaction back and calls ``remove(_:)``.
    func keep(_ transaction: HTTPTransaction, now: ContinuousClock.Instant = .now) -> Bool {
        let transactionDeadline = transaction.session.transactionDeadlineNanoseconds
        return state.withLock { state in
            guard var entry = state.entries[transaction.id], !entry.doomed else { return false }
            entry.leased = false
            entry.idleDeadline = now + idleTimeout
            entry.transactionDeadline = transactionDeadline
            state.entries[transaction.id] = entry
            return true
        }
    }

    /// True when ``close()`` has asked the holder of the lease to roll the transaction back.
    func isDoomed(_ transaction: HTTPTransaction) -> Bool {
        state.withLock { $0.entries[transaction.id]?.doomed ?? true }
    }

    /// Forgets a transaction the caller holds the lease of, after it committed or rolled back.
    func remove(_ transaction: HTTPTransaction) {
        state.withLock { Self.delete(transaction.id, from: &$0) }
    }

    /// Removes and returns the idle transactions past their idle deadline or their transaction
    /// timeout, each with the reason, for the caller to roll back. Rolling back at the transaction
    /// timeout frees the store connection and locks of a client that stopped sending requests.
    func removeExpired(
        now: ContinuousClock.Instant = .now,
        unixNanoseconds: Int64 = UnixTime.nowNanoseconds()
    ) -> [(transaction: HTTPTransaction, reason: String)] {
        state.withLock { state in
            var expired: [(transaction: HTTPTransaction, reason: String)] = []
            for entry in state.entries.values where !entry.leased {
                if now >= entry.idleDeadline {
                    expired.append((entry.transaction, "idle timeout"))
                } else if let deadline = entry.transactionDeadline, unixNanoseconds >= deadline {
                    expired.append((entry.transaction, "transaction timeout"))
                }
            }
            for (transaction, _) in expired { Self.delete(transaction.id, from: &state) }
            return expired
        }
    }

    /// Stops registration, and removes and returns the idle transactions for rollback.
    ///
    /// Leased transactions stay until their holders finish; they are marked doomed, so
    /// ``keep(_:now:)`` fails, and returned as `leased` so the caller can interrupt them.
    func close() -> (idle: [HTTPTransaction], leased: [HTTPTransaction]) {
        state.withLock { state in
            state.closed = true
            let idle = state.entries.values.filter { !$0.leased }.map(\.transaction)
            for transaction in idle { Self.delete(transaction.id, from: &state) }
            for id in state.entries.keys { state.entries[id]?.doomed = true }
            return (idle, state.entries.values.map(\.transaction))
        }
    }

    private static func delete(_ id: String, from state: inout State) {
        guard let entry = state.entries.removeValue(forKey: id) else { return }
        let principal = entry.transaction.owner.principal
        let remaining = state.openByPrincipal[principal, default: 1] - 1
        state.openByPrincipal[principal] = remaining > 0 ? remaining : nil
    }
}
