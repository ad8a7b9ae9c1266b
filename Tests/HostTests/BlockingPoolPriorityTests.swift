import Testing

@testable import Host

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct BlockingPoolPriorityTests {
    private static func threadNiceness() -> Int32 {
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    @Test func setsTheNicenessOfItsThreads() async throws {
        let pool = BlockingPool(name: "priority-test", threadCount: 2, niceness: 10)
        defer { pool.shutdown() }
        let seen = await pool.run { Self.threadNiceness() }
        #expect(seen == 10)
    }

    @Test func keepsTheDefaultPriorityWithoutNiceness() async throws {
        let pool = BlockingPool(name: "priority-default", threadCount: 1)
        defer { pool.shutdown() }
        let seen = await pool.run { Self.threadNiceness() }
        #expect(seen == Self.threadNiceness())
    }
}
