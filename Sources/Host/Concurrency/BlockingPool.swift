internal import Foundation
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// A fixed set of threads for blocking work: password hashing, SQLite, PAM, LDAP.
///
/// Work submitted with ``run(_:)`` never runs on Swift's cooperative pool, so a slow hash or
/// query cannot starve connection tasks. At most `threadCount` jobs run at once; the rest
/// wait in FIFO order, except work that a task already on one of the pool's threads runs in
/// place.
///
/// A pool is also a `TaskExecutor`. A task started with `Task(executorPreference: pool)` runs
/// on the pool's threads, and its ``run(_:)`` calls do their work in place on the thread they
/// are on, without handing it to another thread and back.
public final class BlockingPool: Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`; NSCondition is the only lock that protects these boxes.
    private nonisolated(unsafe) var queue: [@Sendable () -> Void] = []
    private nonisolated(unsafe) var stopping = false
    private nonisolated(unsafe) var liveThreads: Int
    /// The idle threads' wake-up signals, the most recently idle last. New work wakes that one,
    /// so a light load keeps running on the same few threads, whose caches are warm, instead of
    /// going round all of them.
    private nonisolated(unsafe) var idle: [DispatchSemaphore] = []
    /// How many threads are running a job.
    private nonisolated(unsafe) var busyThreads = 0
    /// A copy of `busyThreads` that is read without the lock, for ``mayBlockCurrentThread(keepingIdle:)``.
    private let busyCount = Atomic<Int>(0)
    public let name: String
    public let threadCount: Int

    /// Starts `threadCount` threads.
    ///
    /// A `niceness` above 0 lowers the threads' CPU priority; Linux keeps nice values per thread.
    /// Long CPU-bound work such as password hashing then yields the cores to short statements
    /// when both are waiting, and still gets them when nothing else runs.
    public init(name: String, threadCount: Int, niceness: Int32 = 0) {
        precondition(threadCount > 0, "a blocking pool needs at least one thread")
        self.name = name
        self.threadCount = threadCount
        self.liveThreads = threadCount
        for index in 0..<threadCount {
            let thread = Thread { [self] in
                #if os(Linux)
                    // `who` 0 names the calling thread. A failure keeps the default priority.
                    if niceness != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
                #endif
                pthread_setspecific(currentPoolKey, Unmanaged.passUnretained(self).toOpaque())
                self.workLoop()
            }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// True on the pool's own threads.
    var isCurrentThread: Bool {
        pthread_getspecific(currentPoolKey) == Unmanaged.passUnretained(self).toOpaque()
    }

    /// Returns true when the caller runs on one of the pool's threads and at least `reserve`
    /// other threads have no job, so the caller may block its thread for a short wait.
    ///
    /// The count is read without the lock, so the result can be a moment out of date.
    public func mayBlockCurrentThread(keepingIdle reserve: Int) -> Bool {
        isCurrentThread && threadCount - busyCount.load(ordering: .relaxed) >= reserve
    }

    /// Runs `work` on one of the pool's threads and returns its result; on a thread of this pool
    /// already, runs it in place.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        if isCurrentThread { return try work() }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// Runs `work`, which cannot fail, on one of the pool's threads; on a thread of this pool
    /// already, runs it in place.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        if isCurrentThread { return work() }
        return await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            enqueue { continuation.resume(returning: work()) }
        }
    }

    /// Runs `work` on one of the pool's threads, waiting at most until `deadline`.
    ///
    /// Returns nil when the deadline passes first. The work cannot be interrupted: once started,
    /// it runs to its end and its result is dropped. Give it timeouts of its own, so its thread
    /// comes back. Work still queued at the deadline never starts.
    public func run<T: Sendable>(
        until deadline: ContinuousClock.Instant,
        _ work: @escaping @Sendable () throws -> T
    ) async throws -> T? {
        let race = DeadlineRace<T>()
        // A Dispatch timer, not a sleeping task: it fires on time even while Swift's cooperative
        // threads are all busy, so the race is decided at the deadline.
        let remaining = ContinuousClock.now.duration(to: deadline)
        let nanoseconds = max(
            0,
            remaining.components.seconds * 1_000_000_000 + remaining.components.attoseconds / 1_000_000_000
        )
        let timer = DispatchWorkItem { race.finish(with: .success(nil)) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds)), execute: timer)
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T?, any Error>) in
            guard race.wait(with: continuation) else { return }
            enqueue {
                guard !race.isFinished else { return }
                race.finish(with: Result { try work() })
            }
        }
    }

    /// Stops the threads once the queued work is done.
    public func shutdown() {
        condition.lock()
        stopping = true
        let sleepers = idle
        idle = []
        condition.unlock()
        for sleeper in sleepers { sleeper.signal() }
    }

    /// Waits until every thread has ended after ``shutdown()``, or until `deadline`. Blocks the
    /// calling thread, so call it from a thread of its own, never from a task.
    ///
    /// A process that exits while a job is inside a C library such as libpq can crash, when the
    /// library's exit handlers free what the job still uses.
    /// - Returns: false if a job was still running at the deadline.
    public func waitUntilStopped(until deadline: ContinuousClock.Instant) -> Bool {
        let remaining = ContinuousClock.now.duration(to: deadline)
        let seconds = Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18
        let wallDeadline = Date(timeIntervalSinceNow: max(0, seconds))
        condition.lock()
        defer { condition.unlock() }
        while liveThreads > 0 {
            if !condition.wait(until: wallDeadline) { return liveThreads == 0 }
        }
        return true
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        queue.append(job)
        let sleeper = idle.popLast()
        condition.unlock()
        sleeper?.signal()
    }

    /// Queues `job` and wakes an idle thread for it; returns false, queuing nothing, when every
    /// thread has a job to run already.
    private func enqueueOnIdleThread(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        guard busyThreads + queue.count < threadCount else {
            condition.unlock()
            return false
        }
        queue.append(job)
        // No sleeper means a thread is between two jobs or still starting; it takes the job next.
        let sleeper = idle.popLast()
        condition.unlock()
        sleeper?.signal()
        return true
    }

    private func workLoop() {
        let wakeUp = DispatchSemaphore(value: 0)
        condition.lock()
        while true {
            if !queue.isEmpty {
                let job = queue.removeFirst()
                busyThreads += 1
                busyCount.store(busyThreads, ordering: .relaxed)
                condition.unlock()
                job()
                condition.lock()
                busyThreads -= 1
                busyCount.store(busyThreads, ordering: .relaxed)
            } else if stopping {
                liveThreads -= 1
                // Wakes ``waitUntilStopped(until:)``.
                condition.broadcast()
                condition.unlock()
                return
            } else {
                // A signal sent between the unlock and the wait is kept by the semaphore. A thread
                // woken after another took the job finds the queue empty and goes back to sleep.
                idle.append(wakeUp)
                condition.unlock()
                wakeUp.wait()
                condition.lock()
            }
        }
    }
}

extension BlockingPool: TaskExecutor {
    /// Runs a job of a task that prefers this pool: on an idle thread of the pool when there is
    /// one, and on Dispatch's global queue when every thread is busy.
    ///
    /// The overflow keeps connections responsive while long statements hold every thread, because
    /// their handshakes, logins and resets need no storage. A ``run(_:)`` call from a thread
    /// outside the pool waits its turn in the queue, as all blocking work does.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let work: @Sendable () -> Void = { job.runSynchronously(on: executor) }
        if !enqueueOnIdleThread(work) { DispatchQueue.global().async(execute: work) }
    }
}

/// The thread-specific key that marks a pool's threads with their pool.
private let currentPoolKey: pthread_key_t = {
    var key = pthread_key_t()
    let created = pthread_key_create(&key, nil)
    precondition(created == 0, "cannot create a thread-specific key for the blocking pools")
    return key
}()

/// The race of one ``BlockingPool/run(until:_:)`` call between its work and its deadline:
/// the first outcome resumes the caller, later ones are dropped.
private final class DeadlineRace<T: Sendable>: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<T?, any Error>)
        case finished(Result<T?, any Error>)
    }

    private let state = Mutex(State.idle)

    var isFinished: Bool {
        state.withLock { state in
            if case .finished = state { return true }
            return false
        }
    }

    /// Records the caller's continuation; resumes it at once and returns false when the race
    /// is already over.
    func wait(with continuation: CheckedContinuation<T?, any Error>) -> Bool {
        let early = state.withLock { state -> Result<T?, any Error>? in
            if case .finished(let result) = state { return result }
            state = .waiting(continuation)
            return nil
        }
        guard let early else { return true }
        continuation.resume(with: early)
        return false
    }

    func finish(with result: Result<T?, any Error>) {
        let waiting = state.withLock { state -> CheckedContinuation<T?, any Error>? in
            switch state {
            case .finished:
                return nil
            case .idle:
                state = .finished(result)
                return nil
            case .waiting(let continuation):
                state = .finished(result)
                return continuation
            }
        }
        waiting?.resume(with: result)
    }
}
