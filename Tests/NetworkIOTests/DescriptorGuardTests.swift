import Foundation
import Synchronization
import Testing

@testable import NetworkIO

@Suite struct DescriptorGuardTests {
    @Test func callsRunTogetherUntilClosed() {
        let socket = DescriptorGuard()
        #expect(socket.enter())
        #expect(socket.enter())
        socket.leave()
        socket.leave()
        #expect(socket.close())
        #expect(!socket.enter())
    }

    @Test func onlyTheFirstCloseClosesTheDescriptor() {
        let socket = DescriptorGuard()
        #expect(socket.close())
        #expect(!socket.close())
    }

    @Test func closeWaitsForTheCallInProgress() async {
        let socket = DescriptorGuard()
        #expect(socket.enter())
        let finished = Atomic<Bool>(false)
        let closedEarly = Atomic<Bool>(false)
        let closer = Thread {
            _ = socket.close()
            if !finished.load(ordering: .acquiring) { closedEarly.store(true, ordering: .releasing) }
        }
        closer.start()
        try? await Task.sleep(for: .milliseconds(50))
        finished.store(true, ordering: .releasing)
        socket.leave()
        while !closer.isFinished { try? await Task.sleep(for: .milliseconds(5)) }
        let early = closedEarly.load(ordering: .acquiring)
        #expect(!early)
        #expect(!socket.enter())
    }
}
