import Testing

@testable import Host

@Suite struct AccountManagerTests {
    @Test func concurrentCreatesOfOneName() async throws {
        let accounts = try AccountTestSupport.manager()
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    (try? await accounts.create(name: "dup", password: Secret("password-\(index)"), roles: [])) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
    }

    @Test func passwordChangeAfterDropFails() async throws {
        let hasher = GatedHasher()
        let repository = MemoryAccountRepository()
        let accounts = try AccountTestSupport.manager(repository, hasher: hasher)
        try await accounts.create(name: "victim", password: "old-password", roles: ["editor"])
        hasher.hold()
        let change = Task { try await accounts.update(name: "victim", newPassword: "new-password") }
        try await AccountTestSupport.waitUntil { hasher.waiting == 1 }
        #expect(try await accounts.delete(name: "victim"))
        hasher.release()
        await #expect(throws: ServerError.self) { try await change.value }
        #expect(accounts.account(named: "victim") == nil)
        #expect(repository.stored("victim") == nil)
    }

    @Test func passwordChangeKeepsSuspension() async throws {
        let hasher = GatedHasher()
        let accounts = try AccountTestSupport.manager(hasher: hasher)
        try await accounts.create(name: "victim", password: "old-password", roles: ["admin", "editor"])
        hasher.hold()
        let change = Task { try await accounts.update(name: "victim", newPassword: "new-password") }
        try await AccountTestSupport.waitUntil { hasher.waiting == 1 }
        try await accounts.update(name: "victim") { account in
            account.suspended = true
            account.roles = ["editor"]
        }
        hasher.release()
        let changed = try await change.value
        #expect(changed.suspended)
        #expect(changed.roles == ["editor"])
        #expect(changed.passwordHash == "$fake$new-password")
        #expect(accounts.account(named: "victim") == changed)
    }

    @Test func createAfterConcurrentCreateFails() async throws {
        let hasher = GatedHasher()
        let accounts = try AccountTestSupport.manager(hasher: hasher)
        hasher.hold()
        let first = Task { try await accounts.create(name: "late", password: "password-1", roles: ["viewer"]) }
        try await AccountTestSupport.waitUntil { hasher.waiting == 1 }
        let second = Task { try await accounts.create(name: "late", password: "password-2", roles: ["admin"]) }
        try await AccountTestSupport.waitUntil { hasher.waiting == 2 }
        hasher.release()
        let results = [await first.result, await second.result]
        #expect(results.filter { (try? $0.get()) != nil }.count == 1)
        #expect(accounts.account(named: "late") != nil)
    }

    @Test func changeStoresOneBatch() async throws {
        let repository = MemoryAccountRepository()
        let accounts = try AccountTestSupport.manager(repository)
        try await accounts.create(name: "a", password: "password-1", roles: [])
        let before = repository.batches
        try await accounts.change { draft in
            guard var account = draft.account(named: "a") else { return }
            account.roles = ["viewer"]
            draft.save(account)
            draft.delete(named: "a")
            draft.save(account)
        }
        #expect(repository.batches == before + 1)
        #expect(repository.stored("a")?.roles == ["viewer"])
    }

    @Test func changeThatThrowsStoresNothing() async throws {
        let repository = MemoryAccountRepository()
        let accounts = try AccountTestSupport.manager(repository)
        try await accounts.create(name: "a", password: "password-1", roles: [])
        let before = repository.batches
        await #expect(throws: ServerError.self) {
            try await accounts.change { draft in
                draft.delete(named: "a")
                throw ServerError(.invalidArguments, "stop")
            }
        }
        #expect(repository.batches == before)
        #expect(accounts.account(named: "a") != nil)
    }

    @Test(arguments: [
        "revoke", "suspend", "drop",
    ])
    func lastActiveAdminKept(change: String) async throws {
        let accounts = try AccountTestSupport.manager()
        try await accounts.create(name: "root", password: "password-1", roles: ["admin"])
        let failure = await #expect(throws: ServerError.self) {
            try await accounts.change(preservingActiveAdmin: true) { draft in
                guard var account = draft.account(named: "root") else { return }
                switch change {
                case "revoke": account.roles = ["editor"]
                case "suspend": account.suspended = true
                default: break
                }
                if change == "drop" { draft.delete(named: "root") } else { draft.save(account) }
            }
        }
        #expect(failure?.status == .invalidArguments)
        #expect(failure?.message.contains("at least one active admin must remain") == true)
        #expect(accounts.account(named: "root")?.roles == ["admin"])
    }

    @Test func adminHandOverAllowed() async throws {
        let accounts = try AccountTestSupport.manager()
        try await accounts.create(name: "root", password: "password-1", roles: ["admin"])
        try await accounts.create(name: "heir", password: "password-1", roles: [])
        try await accounts.change(preservingActiveAdmin: true) { draft in
            guard var root = draft.account(named: "root"), var heir = draft.account(named: "heir") else { return }
            root.roles = []
            heir.roles = ["admin"]
            draft.save(root)
            draft.save(heir)
        }
        #expect(accounts.account(named: "heir")?.roles == ["admin"])
        #expect(accounts.account(named: "root")?.roles == [])
    }

    @Test func tableWithoutAdminAllowsChanges() async throws {
        let accounts = try AccountTestSupport.manager()
        try await accounts.create(name: "plain", password: "password-1", roles: ["editor"])
        let deleted = try await accounts.change(preservingActiveAdmin: true) { $0.delete(named: "plain") }
        #expect(deleted)
    }
}
