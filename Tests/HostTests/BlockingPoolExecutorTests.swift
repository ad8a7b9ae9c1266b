import Foundation
import Synchronization
import Testing

@testable import Host

#if canImport(Glibc)
    import Glibc
#endif

/// A `BlockingPool` as the task executor of connection tasks: their code runs on the pool's
/// threads, and their `run` calls stay on the thread they are on.
@Suite struct BlockingPoolExecutorTests {
    @Test func preferringTaskRunsOnPoolThread() async {
        let pool = BlockingPool(name: "executor-task", threadCount: 2)
        defer { pool.shutdown() }
        let onPool = await Task(executorPreference: pool) { pool.isCurrentThread }.value
        #expect(onPool)
    }

    @Test func taskResumesOnPoolAfterSuspending() async {
        let pool = BlockingPool(name: "executor-resume", threadCount: 2)
        defer { pool.shutdown() }
        let onPool = await Task(executorPreference: pool) { () -> Bool in
            try? await Task.sleep(for: .milliseconds(5))
            return pool.isCurrentThread
        }.value
        #expect(onPool)
    }

    @Test func runStaysOnTaskThread() async {
        let pool = BlockingPool(name: "executor-inline", threadCount: 2)
        defer { pool.shutdown() }
        let threads = await Task(executorPreference: pool) { () -> (UInt, UInt) in
            let task = UInt(pthread_self())
            let work = await pool.run { UInt(pthread_self()) }
            return (task, work)
        }.value
        #expect(threads.0 == threads.1)
    }

    @Test func runFromElsewhereUsesPoolThread() async {
        let pool = BlockingPool(name: "executor-other", threadCount: 1)
        defer { pool.shutdown() }
        #expect(!pool.isCurrentThread)
        let onPool = await pool.run { pool.isCurrentThread }
        #expect(onPool)
    }

    @Test func mayBlockOnlyOnPoolWithIdleThreads() async {
        let pool = BlockingPool(name: "executor-block", threadCount: 4)
        defer { pool.shutdown() }
        #expect(!pool.mayBlockCurrentThread(keepingIdle: 0))
        // The calling job is the only busy thread, so three are idle.
        let results = await pool.run {
            (pool.mayBlockCurrentThread(keepingIdle: 3), pool.mayBlockCurrentThread(keepingIdle: 4))
        }
        #expect(results.0)
        #expect(!results.1)
    }

    @Test func otherPoolStillHandsOff() async {
        let first = BlockingPool(name: "executor-first", threadCount: 1)
        let second = BlockingPool(name: "executor-second", threadCount: 1)
        defer {
            first.shutdown()
            second.shutdown()
        }
        let places = await Task(executorPreference: first) { () -> (Bool, Bool, Bool) in
            let before = first.isCurrentThread
            let inSecond = await second.run { second.isCurrentThread && !first.isCurrentThread }
            return (before, inSecond, first.isCurrentThread)
        }.value
        #expect(places.0)
        #expect(places.1)
        #expect(places.2)
    }

    @Test func busyPoolOverflowsTaskJobs() async throws {
        let pool = BlockingPool(name: "executor-busy", threadCount: 1)
        defer { pool.shutdown() }
        let release = DispatchSemaphore(value: 0)
        let started = Atomic<Bool>(false)
        let blocker = Task {
            await pool.run {
                started.store(true, ordering: .sequentiallyConsistent)
                _ = release.wait(timeout: .now() + 10)
            }
        }
        // Polls instead of waiting on a semaphore: a test that blocks a cooperative thread can
        // starve other tests of the two this machine has.
        while !started.load(ordering: .sequentiallyConsistent) { try await Task.sleep(for: .milliseconds(5)) }

        // The only thread is blocked, yet the task runs, off the pool.
        let onPool = await Task(executorPreference: pool) { pool.isCurrentThread }.value
        #expect(!onPool)

        // Its blocking work still waits for the pool's thread.
        let work = Task(executorPreference: pool) { await pool.run { pool.isCurrentThread } }
        try await Task.sleep(for: .milliseconds(50))
        release.signal()
        #expect(await work.value)
        await blocker.value
    }
}
