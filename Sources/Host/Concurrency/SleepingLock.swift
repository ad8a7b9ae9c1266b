internal import Foundation

/// A lock around a value whose waiters sleep at once, for state that the storage pool's threads
/// touch on every statement.
///
/// `Mutex` from the Synchronization module spins before it sleeps. When more threads are
/// runnable than there are cores, the holder is often off its core, and the waiters' spinning
/// took about a third to a half of the server's CPU samples at 16 connections (see
/// `docs/benchmarks.md`). This lock is a `pthread_mutex_t` through `NSLock`, whose waiters go
/// to sleep in the kernel instead.
public final class SleepingLock<Value>: @unchecked Sendable {
    // Guarded by `lock`; every access goes through `withLock`, which makes the class Sendable.
    // NOTE: unlike `Mutex`, the compiler does not check that what `withLock` returns is safe to
    // share; callers return copies of value types.
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value while holding the lock.
    public func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
