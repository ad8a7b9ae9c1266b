import Synchronization
import Testing

@testable import Host

/// Revocations kept in memory in place of the SQLite repository. ``failWrites(_:)`` makes writes throw.
final class MemoryRevocationRepository: RevocationRepository {
    private let records = Mutex<[String: Revocation]>([:])
    private let failing = Mutex(false)

    struct WriteFailure: Error {}

    init(_ revocations: [Revocation] = []) {
        records.withLock { table in
            for revocation in revocations { table[revocation.tokenID] = revocation }
        }
    }

    var stored: [Revocation] { records.withLock { $0.values.sorted { $0.tokenID < $1.tokenID } } }

    func failWrites(_ fail: Bool) { failing.withLock { $0 = fail } }

    func loadRevocations() throws -> [Revocation] { stored }

    func saveRevocation(_ revocation: Revocation) throws {
        if failing.withLock({ $0 }) { throw WriteFailure() }
        records.withLock { table in
            table[revocation.tokenID] =
                table[revocation.tokenID].map { RevocationList.merge($0, revocation) } ?? revocation
        }
    }

    func deleteRevocations(expiredBefore time: Int64) throws {
        if failing.withLock({ $0 }) { throw WriteFailure() }
        records.withLock { table in table = table.filter { ($0.value.expiresAt ?? .max) >= time } }
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let seconds: Atomic<Int64>
    init(_ start: Int64) { seconds = Atomic(start) }
    func set(_ value: Int64) { seconds.store(value, ordering: .relaxed) }
    var function: @Sendable () -> Int64 { { self.seconds.load(ordering: .relaxed) } }
}

@Suite struct RevocationListTests {
    static let pool = BlockingPool(name: "revocation-tests", threadCount: 2)
    static let now: Int64 = 1_700_000_000

    let clock = ManualClock(now)

    func makeList(_ repository: MemoryRevocationRepository) throws -> RevocationList {
        try RevocationList(repository: repository, pool: Self.pool, clock: clock.function)
    }

    @Test func revokeStoresBeforeReturning() async throws {
        let repository = MemoryRevocationRepository()
        let list = try makeList(repository)
        #expect(!list.isRevoked("t-1"))
        try await list.revoke(tokenID: "t-1", expiresAt: Self.now + 60)
        #expect(list.isRevoked("t-1"))
        #expect(!list.isRevoked("t-2"))
        #expect(repository.stored == [Revocation(tokenID: "t-1", expiresAt: Self.now + 60, revokedAt: Self.now)])
    }

    @Test func loadSkipsAndDeletesExpired() throws {
        let repository = MemoryRevocationRepository([
            Revocation(tokenID: "expired", expiresAt: Self.now - 1, revokedAt: Self.now - 100),
            Revocation(tokenID: "expires-now", expiresAt: Self.now, revokedAt: Self.now - 100),
            Revocation(tokenID: "live", expiresAt: Self.now + 100, revokedAt: Self.now - 100),
            Revocation(tokenID: "forever", expiresAt: nil, revokedAt: Self.now - 100),
        ])
        let list = try makeList(repository)
        #expect(!list.isRevoked("expired"))
        #expect(list.isRevoked("expires-now"))
        #expect(list.isRevoked("live"))
        #expect(list.isRevoked("forever"))
        #expect(list.count == 3)
        #expect(repository.stored.map(\.tokenID) == ["expires-now", "forever", "live"])
    }

    @Test func restartKeepsRevocations() async throws {
        let repository = MemoryRevocationRepository()
        try await makeList(repository).revoke(tokenID: "t-1", expiresAt: nil)
        #expect(try makeList(repository).isRevoked("t-1"))
    }

    @Test func failedWriteLeavesTokenValid() async throws {
        let repository = MemoryRevocationRepository()
        let list = try makeList(repository)
        repository.failWrites(true)
        await #expect(throws: MemoryRevocationRepository.WriteFailure.self) {
            try await list.revoke(tokenID: "t-1", expiresAt: nil)
        }
        #expect(!list.isRevoked("t-1"))
    }

    @Test func emptyTokenIDRejected() async throws {
        let list = try makeList(MemoryRevocationRepository())
        await #expect(throws: ServerError(.invalidArguments, "")) { try await list.revoke(tokenID: "", expiresAt: nil) }
    }

    @Test func revokeTwiceMerges() async throws {
        let repository = MemoryRevocationRepository()
        let list = try makeList(repository)
        try await list.revoke(tokenID: "t-1", expiresAt: Self.now + 60)
        clock.set(Self.now + 10)
        try await list.revoke(tokenID: "t-1", expiresAt: Self.now + 30)
        #expect(repository.stored == [Revocation(tokenID: "t-1", expiresAt: Self.now + 60, revokedAt: Self.now)])
        try await list.revoke(tokenID: "t-1", expiresAt: nil)
        #expect(repository.stored == [Revocation(tokenID: "t-1", expiresAt: nil, revokedAt: Self.now)])
    }

    @Test func revokePrunesExpired() async throws {
        let repository = MemoryRevocationRepository()
        let list = try makeList(repository)
        try await list.revoke(tokenID: "short", expiresAt: Self.now + 5)
        try await list.revoke(tokenID: "long", expiresAt: Self.now + 500)
        clock.set(Self.now + 100)
        try await list.revoke(tokenID: "new", expiresAt: Self.now + 200)
        #expect(!list.isRevoked("short"))
        #expect(list.isRevoked("long"))
        #expect(list.count == 2)
        #expect(repository.stored.map(\.tokenID) == ["long", "new"])
    }

    @Test func expiredTokenCanBeRevoked() async throws {
        let repository = MemoryRevocationRepository()
        let list = try makeList(repository)
        try await list.revoke(tokenID: "old", expiresAt: Self.now - 10)
        #expect(list.isRevoked("old"))
        #expect(repository.stored.map(\.tokenID) == ["old"])
        // The next start drops the record, because the token is rejected as expired anyway.
        #expect(try !makeList(repository).isRevoked("old"))
    }

    @Test func mergeRules() {
        let early = Revocation(tokenID: "t", expiresAt: 10, revokedAt: 1)
        let late = Revocation(tokenID: "t", expiresAt: 20, revokedAt: 5)
        let forever = Revocation(tokenID: "t", expiresAt: nil, revokedAt: 3)
        #expect(RevocationList.merge(early, late) == Revocation(tokenID: "t", expiresAt: 20, revokedAt: 1))
        #expect(RevocationList.merge(late, early) == Revocation(tokenID: "t", expiresAt: 20, revokedAt: 1))
        #expect(RevocationList.merge(late, forever) == Revocation(tokenID: "t", expiresAt: nil, revokedAt: 3))
    }
}
