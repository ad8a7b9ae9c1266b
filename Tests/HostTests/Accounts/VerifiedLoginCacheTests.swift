import Synchronization
import Testing

@testable import Host

/// A stand-in for Argon2id that salts each hash and counts verifications.
final class CountingHasher: PasswordHasher {
    private let verifications = Atomic<Int>(0)

    var verifyCount: Int { verifications.load(ordering: .relaxed) }

    func hash(_ password: Secret) throws -> String { "$count$" + Crypto.randomToken() + "$" + password.reveal() }

    func verify(_ password: Secret, against encoded: String) throws -> Bool {
        verifications.add(1, ordering: .relaxed)
        return encoded.hasSuffix("$" + password.reveal())
    }
}

@Suite struct VerifiedLoginCacheTests {
    private func manager(_ hasher: CountingHasher, timeToLive: Int64 = 600) throws -> AccountManager {
        try AccountManager(
            repository: MemoryAccountRepository(),
            hasher: hasher,
            pool: AccountTestSupport.pool,
            verifiedLogins: CredentialCache(timeToLiveSeconds: timeToLive, maximumEntries: 100)
        )
    }

    @Test func repeatedLoginSkipsTheHash() async throws {
        let hasher = CountingHasher()
        let accounts = try manager(hasher)
        try await accounts.create(name: "alice", password: "alice-password", roles: ["viewer"])
        let before = hasher.verifyCount
        #expect(try await accounts.verifyPassword("alice-password", for: "alice")?.name == "alice")
        #expect(try await accounts.verifyPassword("alice-password", for: "alice")?.name == "alice")
        #expect(hasher.verifyCount == before + 1)
    }

    @Test func wrongPasswordAndUnknownUserPayTheHash() async throws {
        let hasher = CountingHasher()
        let accounts = try manager(hasher)
        try await accounts.create(name: "alice", password: "alice-password", roles: [])
        _ = try await accounts.verifyPassword("alice-password", for: "alice")
        let before = hasher.verifyCount
        #expect(try await accounts.verifyPassword("wrong-password", for: "alice") == nil)
        #expect(try await accounts.verifyPassword("alice-password", for: "nobody") == nil)
        #expect(hasher.verifyCount == before + 2)
    }

    @Test func changedPasswordMissesAtOnce() async throws {
        let hasher = CountingHasher()
        let accounts = try manager(hasher)
        try await accounts.create(name: "alice", password: "old-password", roles: [])
        _ = try await accounts.verifyPassword("old-password", for: "alice")
        _ = try await accounts.update(name: "alice", newPassword: "new-password")
        #expect(try await accounts.verifyPassword("old-password", for: "alice") == nil)
        #expect(try await accounts.verifyPassword("new-password", for: "alice")?.name == "alice")
    }

    @Test func passwordSetBackStillMissesOnce() async throws {
        let hasher = CountingHasher()
        let accounts = try manager(hasher)
        try await accounts.create(name: "alice", password: "first-password", roles: [])
        _ = try await accounts.verifyPassword("first-password", for: "alice")
        _ = try await accounts.update(name: "alice", newPassword: "second-password")
        _ = try await accounts.update(name: "alice", newPassword: "first-password")
        let before = hasher.verifyCount
        _ = try await accounts.verifyPassword("first-password", for: "alice")
        #expect(hasher.verifyCount == before + 1)
    }

    @Test func clearingAndZeroLifetimeForget() async throws {
        let hasher = CountingHasher()
        let accounts = try manager(hasher)
        try await accounts.create(name: "alice", password: "alice-password", roles: [])
        _ = try await accounts.verifyPassword("alice-password", for: "alice")
        accounts.clearVerifiedLogins()
        var before = hasher.verifyCount
        _ = try await accounts.verifyPassword("alice-password", for: "alice")
        #expect(hasher.verifyCount == before + 1)

        let uncached = try manager(hasher, timeToLive: 0)
        try await uncached.create(name: "bob", password: "bob-password", roles: [])
        before = hasher.verifyCount
        _ = try await uncached.verifyPassword("bob-password", for: "bob")
        _ = try await uncached.verifyPassword("bob-password", for: "bob")
        #expect(hasher.verifyCount == before + 2)
    }

    @Test func suspendedAccountPaysTheHash() async throws {
        let hasher = CountingHasher()
        let accounts = try manager(hasher)
        try await accounts.create(name: "alice", password: "alice-password", roles: [])
        _ = try await accounts.verifyPassword("alice-password", for: "alice")
        _ = try await accounts.update(name: "alice") { $0.suspended = true }
        let before = hasher.verifyCount
        let account = try await accounts.verifyPassword("alice-password", for: "alice")
        #expect(account?.suspended == true)
        #expect(hasher.verifyCount == before + 1)
    }

    @Test func droppedAndRecreatedAccountMisses() async throws {
        let hasher = CountingHasher()
        let accounts = try manager(hasher)
        try await accounts.create(name: "alice", password: "alice-password", roles: [])
        _ = try await accounts.verifyPassword("alice-password", for: "alice")
        #expect(try await accounts.delete(name: "alice"))
        #expect(try await accounts.verifyPassword("alice-password", for: "alice") == nil)

        try await accounts.create(name: "alice", password: "alice-password", roles: [])
        let before = hasher.verifyCount
        #expect(try await accounts.verifyPassword("alice-password", for: "alice")?.name == "alice")
        #expect(hasher.verifyCount == before + 1)
    }

    @Test func nameWithLineBreakMisses() async throws {
        let hasher = CountingHasher()
        let accounts = try manager(hasher)
        try await accounts.create(name: "alice", password: "alice-password", roles: [])
        _ = try await accounts.verifyPassword("alice-password", for: "alice")
        let hash = try #require(accounts.account(named: "alice")?.passwordHash)
        // The cache key joins name and hash with a line break. Valid names have none, so these are
        // unknown users, and none may match the entry of "alice".
        for name in ["alice\n", "alice\n" + hash, "\nalice"] {
            #expect(try await accounts.verifyPassword("alice-password", for: name) == nil)
        }
    }
}
