import Foundation
import Synchronization
import Testing

@testable import Host

/// `BlockingPool.run(until:_:)`, which bounds how long a caller waits for blocking work.
@Suite struct BlockingPoolDeadlineTests {
    struct WorkFailed: Error, Equatable {}

    /// Flags set from pool threads and read from the test.
    final class Flags: Sendable {
        private let started = Atomic<Bool>(false)
        private let finished = Atomic<Bool>(false)

        var hasStarted: Bool { started.load(ordering: .sequentiallyConsistent) }
        var hasFinished: Bool { finished.load(ordering: .sequentiallyConsistent) }

        func markStarted() { started.store(true, ordering: .sequentiallyConsistent) }
        func markFinished() { finished.store(true, ordering: .sequentiallyConsistent) }
    }

    private func after(_ duration: Duration) -> ContinuousClock.Instant {
        ContinuousClock.now.advanced(by: duration)
    }

    @Test func valueBeforeDeadline() async throws {
        let pool = BlockingPool(name: "deadline-value", threadCount: 1)
        defer { pool.shutdown() }
        let value = try await pool.run(until: after(.seconds(5))) { 42 }
        #expect(value == 42)
    }

    @Test func nilAtDeadlineWhileWorkRuns() async throws {
        let pool = BlockingPool(name: "deadline-slow", threadCount: 1)
        defer { pool.shutdown() }
        let flags = Flags()
        let release = DispatchSemaphore(value: 0)
        let start = ContinuousClock.now
        // The work waits for the test, so it still runs when the caller resumes, even when other
        // suites keep the cooperative threads busy for seconds and the caller resumes late. The 120 s
        // timeout keeps a broken pool from hanging the test.
        let value = try await pool.run(until: after(.milliseconds(50))) { () -> Int in
            flags.markStarted()
            _ = release.wait(timeout: .now() + 120)
            flags.markFinished()
            return 7
        }
        let waited = ContinuousClock.now - start
        #expect(value == nil)
        #expect(waited >= .milliseconds(50), "\(waited)")
        // Well below the work's 120 s, so the caller did not wait for the work.
        #expect(waited < .seconds(100), "\(waited)")
        #expect(!flags.hasFinished)

        release.signal()
        // The pool's one thread is FIFO, so this runs only after the abandoned work has ended.
        let finishedBefore = await pool.run { flags.hasFinished }
        #expect(flags.hasStarted)
        #expect(finishedBefore)
    }

    @Test func queuedWorkNeverStartsAfterDeadline() async throws {
        let pool = BlockingPool(name: "deadline-queued", threadCount: 1)
        defer { pool.shutdown() }
        let blocker = Flags()
        let release = DispatchSemaphore(value: 0)
        let blocking = Task {
            await pool.run {
                blocker.markStarted()
                _ = release.wait(timeout: .now() + 5)
            }
        }
        while !blocker.hasStarted { try await Task.sleep(for: .milliseconds(5)) }

        let flags = Flags()
        let value = try await pool.run(until: after(.milliseconds(50))) { () -> Int in
            flags.markStarted()
            return 1
        }
        #expect(value == nil)
        release.signal()
        await blocking.value
        // The queue is FIFO, so by the time this runs the expired job has been taken off the queue.
        _ = await pool.run { 0 }
        #expect(!flags.hasStarted)
    }

    @Test func queuedWorkRunsBeforeDeadline() async throws {
        let pool = BlockingPool(name: "deadline-wait", threadCount: 1)
        defer { pool.shutdown() }
        let blocker = Task { await pool.run { Thread.sleep(forTimeInterval: 0.1) } }
        let value = try await pool.run(until: after(.seconds(5))) { "done" }
        #expect(value == "done")
        await blocker.value
    }

    @Test func errorPropagates() async {
        let pool = BlockingPool(name: "deadline-error", threadCount: 1)
        defer { pool.shutdown() }
        await #expect(throws: WorkFailed()) {
            _ = try await pool.run(until: after(.seconds(5))) { () throws -> Int in throw WorkFailed() }
        }
    }

    @Test func lateErrorDropped() async throws {
        let pool = BlockingPool(name: "deadline-late-error", threadCount: 1)
        defer { pool.shutdown() }
        let release = DispatchSemaphore(value: 0)
        let value = try await pool.run(until: after(.milliseconds(30))) { () throws -> Int in
            _ = release.wait(timeout: .now() + 5)
            throw WorkFailed()
        }
        #expect(value == nil)
        release.signal()
        // Waits for the abandoned work, so its error has reached the finished race and been dropped.
        #expect(await pool.run { 5 } == 5)
    }

    @Test func manyCallsResumeOnce() async throws {
        let pool = BlockingPool(name: "deadline-many", threadCount: 2)
        defer { pool.shutdown() }
        let results = try await withThrowingTaskGroup(of: Int?.self) { group in
            for index in 0..<40 {
                group.addTask {
                    // Half have time to spare, and half race a deadline shorter than their work.
                    let budget: Duration = index.isMultiple(of: 2) ? .seconds(5) : .milliseconds(1)
                    return try await pool.run(until: after(budget)) { () -> Int in
                        Thread.sleep(forTimeInterval: 0.002)
                        return index
                    }
                }
            }
            var results: [Int?] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(results.count == 40)
        let values = results.compactMap(\.self)
        #expect(Set(values).count == values.count)
        #expect(values.allSatisfy { (0..<40).contains($0) })
        // The calls with a 5 s budget all finish in time, and only the 1 ms ones may return nil.
        #expect(Set(values).isSuperset(of: stride(from: 0, to: 40, by: 2)))
    }
}
