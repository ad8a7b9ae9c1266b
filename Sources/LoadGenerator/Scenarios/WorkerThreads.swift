import Glibc
import Synchronization

/// Runs `count` OS threads, each calling `body` with its index, and returns their results in
/// index order once all have ended. With a `gate`, it opens the gate once `count` threads
/// have arrived, so each thread must call `arriveAndWait` or `arriveWithoutWaiting` exactly
/// once, or the function never returns.
func runWorkerThreads(
    count: Int,
    gate: StartGate? = nil,
    body: @escaping @Sendable (Int) -> WorkerResult
) -> [WorkerResult] {
    let slots = ResultSlots(count: count)
    var threads: [pthread_t] = []
    threads.reserveCapacity(count)
    for index in 0..<count {
        let context = Unmanaged.passRetained(ThreadContext { slots.store(body(index), at: index) })
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, threadEntry, context.toOpaque())
        guard status == 0 else {
            context.release()
            fatalError("pthread_create failed for worker \(index): \(String(cString: strerror(status)))")
        }
        threads.append(thread)
    }
    if let gate {
        _ = gate.open(waitingFor: count)
    }
    for thread in threads {
        pthread_join(thread, nil)
    }
    return slots.results()
}

/// Lets the workers of a scenario start together once all have connected, so that set-up
/// time does not count towards the measured period.
final class StartGate: Sendable {
    private let arrived = Atomic<Int>(0)
    private let startTime = Atomic<UInt64>(0)

    /// Signals that a worker is ready, then waits for ``open(waitingFor:)`` and returns the
    /// start time in ``MonotonicClock`` nanoseconds.
    func arriveAndWait() -> UInt64 {
        arrived.add(1, ordering: .releasing)
        while true {
            let start = startTime.load(ordering: .acquiring)
            if start != 0 { return start }
            usleep(200)
        }
    }

    /// Signals that a worker gave up during set-up and will not wait.
    func arriveWithoutWaiting() {
        arrived.add(1, ordering: .releasing)
    }

    /// Waits until `workers` workers have arrived, then starts them and returns the start time.
    func open(waitingFor workers: Int) -> UInt64 {
        while arrived.load(ordering: .acquiring) < workers {
            usleep(1000)
        }
        let start = MonotonicClock.now()
        startTime.store(start, ordering: .releasing)
        return start
    }
}

/// The worker threads' results, one slot per thread.
private final class ResultSlots: Sendable {
    private let slots: Mutex<[WorkerResult?]>

    init(count: Int) {
        slots = Mutex([WorkerResult?](repeating: nil, count: count))
    }

    func store(_ result: WorkerResult, at index: Int) {
        slots.withLock { $0[index] = result }
    }

    func results() -> [WorkerResult] {
        slots.withLock { $0.map { $0 ?? WorkerResult(expectedOperations: 0) } }
    }
}

private final class ThreadContext {
    let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }
}

private func threadEntry(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let context = Unmanaged<ThreadContext>.fromOpaque(argument!).takeRetainedValue()
    context.body()
    return nil
}
