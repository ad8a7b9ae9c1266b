internal import Foundation

/// A fixed set of threads for blocking work: password hashing, SQLite, PAM, LDAP.
///
/// Work submitted with ``run(_:)`` never runs on Swift's cooperative pool, so a slow hash or
/// query cannot starve connection tasks. At most `threadCount` jobs run at once; the rest
/// wait in FIFO order.
public final class BlockingPool: Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`; NSCondition is the only lock that protects these two boxes.
    private nonisolated(unsafe) var queue: [@Sendable () -> Void] = []
    private nonisolated(unsafe) var stopping = false
    public let name: String
    public let threadCount: Int

    public init(name: String, threadCount: Int) {
        precondition(threadCount > 0, "a blocking pool needs at least one thread")
        self.name = name
        self.threadCount = threadCount
        for index in 0..<threadCount {
            let thread = Thread { [self] in self.workLoop() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// Runs `work` on one of the pool's threads and returns its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// Runs `work`, which cannot fail, on one of the pool's threads.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            enqueue { continuation.resume(returning: work()) }
        }
    }

    /// Stops the threads once the queued work is done.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    private func workLoop() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping {
                condition.unlock()
                return
            }
            let job = queue.removeFirst()
            condition.unlock()
            job()
        }
    }
}
