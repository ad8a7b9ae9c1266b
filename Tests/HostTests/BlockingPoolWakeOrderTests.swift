import Foundation
import Testing

@testable import Host

/// Idle threads wake in last-idle, first-woken order, so work that arrives one job at a time
/// stays on the same threads.
@Suite struct BlockingPoolWakeOrderTests {
    @Test func sequentialJobsReuseFewThreads() async {
        let pool = BlockingPool(name: "wake-order", threadCount: 16)
        defer { pool.shutdown() }
        // A thread that is still starting takes whatever job is queued when it begins; give all
        // of them time to start and go idle first.
        try? await Task.sleep(for: .milliseconds(100))
        var threads = Set<UInt>()
        for _ in 0..<40 {
            threads.insert(await pool.run { UInt(pthread_self()) })
        }
        // One thread runs a job while the one before it may not yet be back among the idle, so
        // the jobs can alternate between two threads, never more.
        #expect(threads.count <= 2)
    }
}
