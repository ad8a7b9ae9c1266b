import Foundation
import Testing

@testable import Host

@Suite struct SleepingLockTests {
    struct BodyFailed: Error, Equatable {}

    @Test func concurrentUpdatesAllCount() async {
        let counter = SleepingLock(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<1_000 { counter.withLock { $0 += 1 } }
                }
            }
        }
        #expect(counter.withLock { $0 } == 8_000)
    }

    @Test func typedErrorPassesThrough() {
        let lock = SleepingLock([1, 2])
        #expect(throws: BodyFailed.self) {
            try lock.withLock { (values: inout [Int]) throws(BodyFailed) -> Void in
                values.append(3)
                throw BodyFailed()
            }
        }
        // The change before the error stays: the lock does not roll back.
        #expect(lock.withLock { $0 } == [1, 2, 3])
    }
}
