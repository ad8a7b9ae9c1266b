import Foundation
import Synchronization
import Testing

@testable import Host

/// `BlockingPool.waitUntilStopped(until:)`, which a server calls before it exits so that no job
/// is still inside a C library when the library's exit handlers run.
@Suite struct BlockingPoolShutdownTests {
    private func after(_ duration: Duration) -> ContinuousClock.Instant {
        ContinuousClock.now.advanced(by: duration)
    }

    @Test func idlePoolStopsAtOnce() {
        let pool = BlockingPool(name: "shutdown-idle", threadCount: 3)
        pool.shutdown()
        #expect(pool.waitUntilStopped(until: after(.seconds(5))))
    }

    @Test func waitEndsAtDeadlineWhileJobRuns() async throws {
        let pool = BlockingPool(name: "shutdown-busy", threadCount: 2)
        let started = Atomic<Bool>(false)
        let release = DispatchSemaphore(value: 0)
        let job = Task {
            await pool.run {
                started.store(true, ordering: .sequentiallyConsistent)
                _ = release.wait(timeout: .now() + 10)
            }
        }
        while !started.load(ordering: .sequentiallyConsistent) { try await Task.sleep(for: .milliseconds(5)) }
        pool.shutdown()

        #expect(!pool.waitUntilStopped(until: after(.milliseconds(100))))
        release.signal()
        await job.value
        #expect(pool.waitUntilStopped(until: after(.seconds(5))))
    }
}
