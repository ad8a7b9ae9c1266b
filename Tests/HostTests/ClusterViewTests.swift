import Testing

@testable import Host

/// The addresses a cluster member lists in its routing tables.
@Suite struct ClusterViewTests {
    private struct FixedView: ClusterView {
        var nodeID = "node-1"
        var advertisedAddress = "10.0.0.1:7687"
        var listed: [ClusterMember]
        func members() -> [ClusterMember] { listed }
    }

    private func member(_ id: String, _ address: String, isLive: Bool = true, hasLeft: Bool = false)
        -> ClusterMember
    {
        ClusterMember(
            nodeID: id,
            address: address,
            version: "0.1.0",
            startedAt: 0,
            heartbeatAgeMilliseconds: 0,
            hasLeft: hasLeft,
            isLive: isLive
        )
    }

    @Test func selfFirstThenLiveMembers() {
        let view = FixedView(listed: [
            member("node-1", "10.0.0.1:7687"), member("node-2", "10.0.0.2:7687"),
            member("node-3", "10.0.0.3:7687"), member("node-4", "10.0.0.4:7687", isLive: false),
            member("node-5", "10.0.0.5:7687", isLive: false, hasLeft: true),
        ])
        let addresses = view.liveAddresses()
        #expect(addresses.first == "10.0.0.1:7687")
        #expect(addresses.count == 3)
        #expect(Set(addresses) == ["10.0.0.1:7687", "10.0.0.2:7687", "10.0.0.3:7687"])
    }

    @Test func selfOnlyWhenAlone() {
        let view = FixedView(listed: [])
        #expect(view.liveAddresses() == ["10.0.0.1:7687"])
    }
}
