import Synchronization
import Testing

@testable import Host

/// The cache of logins checked by an outside provider such as LDAP.
@Suite struct CredentialCacheTests {
    /// A clock the test moves by hand, in seconds since the epoch.
    final class ManualClock: Sendable {
        private let seconds = Atomic<Int64>(1_000_000)

        var now: Int64 { seconds.load(ordering: .relaxed) }

        func advance(by delta: Int64) { seconds.add(delta, ordering: .relaxed) }

        var function: @Sendable () -> Int64 { { self.now } }
    }

    static let alice = Identity(principal: "alice", roles: ["editor"], provider: "ldap")
    static let bob = Identity(principal: "bob", roles: ["viewer"], provider: "ldap")

    private func cache(ttl: Int64 = 60, maximumEntries: Int = 100, clock: ManualClock) -> CredentialCache {
        CredentialCache(timeToLiveSeconds: ttl, maximumEntries: maximumEntries, clock: clock.function)
    }

    private func identity(_ name: String) -> Identity {
        Identity(principal: name, roles: ["viewer"], provider: "ldap")
    }

    @Test func hit() {
        let clock = ManualClock()
        let cache = cache(clock: clock)
        cache.store(Self.alice, for: "alice", password: "secret-1")
        let cached = cache.identity(for: "alice", password: "secret-1")
        #expect(cached?.principal == "alice")
        #expect(cached?.roles == ["editor"])
        #expect(cached?.provider == "ldap")
    }

    @Test func missOnOtherPassword() {
        let cache = cache(clock: ManualClock())
        cache.store(Self.alice, for: "alice", password: "secret-1")
        #expect(cache.identity(for: "alice", password: "secret-2") == nil)
        #expect(cache.identity(for: "alice", password: "") == nil)
        #expect(cache.identity(for: "alice", password: "secret-1 ") == nil)
        #expect(cache.identity(for: "alice", password: "secret-1") != nil)
    }

    @Test func missOnOtherPrincipal() {
        let cache = cache(clock: ManualClock())
        cache.store(Self.alice, for: "alice", password: "secret-1")
        #expect(cache.identity(for: "bob", password: "secret-1") == nil)
        #expect(cache.identity(for: "Alice", password: "secret-1") == nil)
    }

    @Test func missAfterTimeToLive() {
        let clock = ManualClock()
        let cache = cache(ttl: 60, clock: clock)
        cache.store(Self.alice, for: "alice", password: "secret-1")
        clock.advance(by: 59)
        #expect(cache.identity(for: "alice", password: "secret-1") != nil)
        clock.advance(by: 1)
        #expect(cache.identity(for: "alice", password: "secret-1") == nil)
    }

    @Test func storeRenewsEntry() {
        let clock = ManualClock()
        let cache = cache(ttl: 60, clock: clock)
        cache.store(Self.alice, for: "alice", password: "secret-1")
        clock.advance(by: 50)
        cache.store(Self.alice, for: "alice", password: "secret-2")
        clock.advance(by: 50)
        #expect(cache.identity(for: "alice", password: "secret-1") == nil)
        #expect(cache.identity(for: "alice", password: "secret-2") != nil)
        #expect(cache.count == 1)
    }

    @Test func zeroTimeToLiveStoresNothing() {
        let cache = cache(ttl: 0, clock: ManualClock())
        #expect(!cache.isEnabled)
        let returned = cache.store(Self.alice, for: "alice", password: "secret-1")
        #expect(returned == Self.alice)
        #expect(returned.authorizationExpiresAt == nil)
        #expect(cache.count == 0)
        #expect(cache.identity(for: "alice", password: "secret-1") == nil)
    }

    @Test func storeSetsAuthorizationExpiry() {
        let clock = ManualClock()
        let cache = cache(ttl: 600, clock: clock)
        let start = clock.now
        let returned = cache.store(Self.alice, for: "alice", password: "secret-1")
        #expect(returned.authorizationExpiresAt == start + 600)
        #expect(returned.principal == "alice")
        #expect(returned.roles == ["editor"])
        clock.advance(by: 10)
        #expect(cache.identity(for: "alice", password: "secret-1")?.authorizationExpiresAt == start + 600)
    }

    @Test func remove() {
        let cache = cache(clock: ManualClock())
        cache.store(Self.alice, for: "alice", password: "secret-1")
        cache.store(Self.bob, for: "bob", password: "secret-2")
        cache.remove("alice")
        #expect(cache.identity(for: "alice", password: "secret-1") == nil)
        #expect(cache.identity(for: "bob", password: "secret-2") != nil)
        #expect(cache.count == 1)
        cache.remove("nobody")
        #expect(cache.count == 1)
    }

    @Test func clear() {
        let cache = cache(clock: ManualClock())
        cache.store(Self.alice, for: "alice", password: "secret-1")
        cache.store(Self.bob, for: "bob", password: "secret-2")
        cache.clear()
        #expect(cache.count == 0)
        #expect(cache.identity(for: "alice", password: "secret-1") == nil)
        #expect(cache.identity(for: "bob", password: "secret-2") == nil)
        cache.store(Self.alice, for: "alice", password: "secret-1")
        #expect(cache.identity(for: "alice", password: "secret-1") != nil)
    }

    @Test func evictsExpiredFirst() {
        let clock = ManualClock()
        let cache = cache(ttl: 10, maximumEntries: 2, clock: clock)
        cache.store(identity("a"), for: "a", password: "pa")
        clock.advance(by: 5)
        cache.store(identity("b"), for: "b", password: "pb")
        clock.advance(by: 6)
        // "a" has expired and "b" has not, so "a" leaves although "b" is not the newest.
        cache.store(identity("c"), for: "c", password: "pc")
        #expect(cache.count == 2)
        #expect(cache.identity(for: "b", password: "pb") != nil)
        #expect(cache.identity(for: "c", password: "pc") != nil)
    }

    @Test func evictsOldestWhenNoneExpired() {
        let clock = ManualClock()
        let cache = cache(ttl: 100, maximumEntries: 3, clock: clock)
        for name in ["a", "b", "c"] {
            cache.store(identity(name), for: name, password: Secret("p" + name))
            clock.advance(by: 1)
        }
        cache.store(identity("d"), for: "d", password: "pd")
        #expect(cache.count == 3)
        #expect(cache.identity(for: "a", password: "pa") == nil)
        for name in ["b", "c", "d"] {
            #expect(cache.identity(for: name, password: Secret("p" + name)) != nil, "\(name)")
        }
    }

    @Test func replacingAtCapacityEvictsNothing() {
        let cache = cache(maximumEntries: 2, clock: ManualClock())
        cache.store(identity("a"), for: "a", password: "pa")
        cache.store(identity("b"), for: "b", password: "pb")
        cache.store(identity("a"), for: "a", password: "pa2")
        #expect(cache.count == 2)
        #expect(cache.identity(for: "a", password: "pa2") != nil)
        #expect(cache.identity(for: "b", password: "pb") != nil)
    }

    @Test func maximumEntriesAtLeastOne() {
        let cache = CredentialCache(timeToLiveSeconds: 60, maximumEntries: 0)
        #expect(cache.maximumEntries == 1)
        cache.store(identity("a"), for: "a", password: "pa")
        cache.store(identity("b"), for: "b", password: "pb")
        #expect(cache.count == 1)
        #expect(cache.identity(for: "b", password: "pb") != nil)
    }

    @Test func concurrentStoresAndReads() async {
        let clock = ManualClock()
        let cache = cache(ttl: 60, maximumEntries: 50, clock: clock)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<64 {
                group.addTask {
                    for round in 0..<200 {
                        let name = "user\((task * 7 + round) % 120)"
                        if round % 3 == 0 {
                            cache.store(
                                Identity(principal: name, roles: ["viewer"], provider: "ldap"),
                                for: name,
                                password: Secret("pw-\(name)")
                            )
                        } else if round % 17 == 0 {
                            cache.remove(name)
                        } else if let cached = cache.identity(for: name, password: Secret("pw-\(name)")) {
                            #expect(cached.principal == name)
                        }
                        if round % 50 == 0 { clock.advance(by: 1) }
                        // Suspends now and then, so this test does not hold the cooperative threads.
                        if round % 10 == 0 { await Task.yield() }
                    }
                }
            }
            group.addTask {
                for _ in 0..<20 { cache.clear() }
            }
        }
        #expect(cache.count <= 50)
        cache.store(Self.alice, for: "alice", password: "secret-1")
        #expect(cache.identity(for: "alice", password: "secret-1") != nil)
    }
}
