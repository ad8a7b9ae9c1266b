import Host
import Synchronization

/// The flag that ``CypherTransaction/cancel()`` raises, readable from the executing thread.
final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    func raise() { raised.store(true, ordering: .relaxed) }

    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// Enforces one statement's ``ExecutionLimits`` and its transaction's cancellation.
///
/// Every loop that can run long calls ``checkpoint()`` once per iteration, and every step that
/// collects rows or list elements calls ``checkCount(_:)`` as it grows. Not thread-safe; only the
/// executing thread uses it.
final class ExecutionBudget {
    /// How many checkpoints pass between reads of the clock and the cancellation flag, so that a
    /// checkpoint costs an increment and a compare nearly always.
    static let checkInterval = 1_024

    /// The maximum total bytes of strings and byte arrays that one statement's concatenations
    /// and functions may build.
    ///
    /// NOTE: the total counts every string built, including those already freed, so a statement
    /// that streams more than this many bytes of built strings fails even if it holds few at once.
    static let maximumBuiltBytes = 1 << 30

    let limits: ExecutionLimits
    private let cancellation: CancellationFlag
    private var countdown = 1
    private var builtBytes = 0

    init(limits: ExecutionLimits, cancellation: CancellationFlag) {
        self.limits = limits
        self.cancellation = cancellation
    }

    /// A budget without a deadline, a row limit or cancellation.
    static func unlimited() -> ExecutionBudget {
        ExecutionBudget(limits: .unlimited, cancellation: CancellationFlag())
    }

    /// Counts one unit of work, and every ``checkInterval`` units fails the statement when its
    /// transaction was cancelled or its deadline has passed.
    @inline(__always)
    func checkpoint() throws(ServerError) {
        countdown -= 1
        if countdown > 0 { return }
        countdown = Self.checkInterval
        try checkNow()
    }

    /// Fails at once when the transaction was cancelled or the deadline has passed.
    func checkNow() throws(ServerError) {
        if cancellation.isRaised { throw Self.terminated }
        if let deadline = limits.deadlineNanoseconds, UnixTime.nowNanoseconds() >= deadline {
            throw Self.timedOut
        }
    }

    /// Fails when a step would hold `count` rows or list elements, more than the limit allows.
    @inline(__always)
    func checkCount(_ count: Int) throws(ServerError) {
        if count > limits.maximumRows { throw Self.memoryExceeded(limit: limits.maximumRows) }
    }

    /// Counts `count` bytes of a string or byte array the statement built, and fails when the
    /// statement has built more than ``maximumBuiltBytes`` in total.
    func chargeBuiltBytes(_ count: Int) throws(ServerError) {
        builtBytes += count
        if builtBytes > Self.maximumBuiltBytes {
            throw ServerError(
                .memoryLimitExceeded,
                "The statement builds more than \(Self.maximumBuiltBytes) bytes of strings and byte arrays; "
                    + "build smaller values or split the work."
            )
        }
    }

    static func memoryExceeded(limit: Int) -> ServerError {
        ServerError(
            .memoryLimitExceeded,
            "The statement needs more than \(limit) rows or list elements at once; "
                + "add a LIMIT, filter earlier, or split the work."
        )
    }

    /// The error for an expression nested deeper than the executing thread's stack allows.
    static let nestedTooDeeply = ServerError(
        .syntaxError,
        "The query is nested too deeply to run on this server thread's stack; "
            + "reduce the nesting of expressions and subqueries."
    )

    static let terminated = ServerError(
        .transactionTerminated,
        "The transaction was terminated because its client disconnected or it was cancelled."
    )

    static let timedOut = ServerError(
        .transactionTimedOut,
        "The transaction has been terminated because it did not complete within its timeout. "
            + "Retry with a longer timeout, or make the statement do less work."
    )
}
