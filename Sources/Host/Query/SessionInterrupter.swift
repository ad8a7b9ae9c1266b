internal import Synchronization

/// Cancels the statement a session is running, from any thread.
///
/// A connection hands one to its session and calls ``interrupt()`` when the client goes
/// away, so a long statement stops once its client has gone.
public final class SessionInterrupter: Sendable {
    private let running = Mutex<TransactionHandle?>(nil)
    private let interrupted = Atomic<Bool>(false)

    public init() {}

    /// Cancels the running statement and every later one of this session.
    public func interrupt() {
        interrupted.store(true, ordering: .releasing)
        running.withLock { $0 }?.transaction.cancel()
    }

    public var isInterrupted: Bool { interrupted.load(ordering: .acquiring) }

    /// Records the transaction a statement is about to run in, or nil when it finished.
    func track(_ handle: TransactionHandle?) {
        running.withLock { $0 = handle }
        if let handle, isInterrupted { handle.transaction.cancel() }
    }
}
