import Testing

@testable import Host

@Suite struct TransactionAdministrationTests {
    @Test func changesWaitForCommit() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "system")
        _ = try await session.administer(SessionFixture.create("pending"))
        let granted = try await session.administer(.grantRoles(roles: ["admin"], users: ["pending"]))
        #expect(granted.statistics.systemUpdates == 1)
        #expect(fixture.accounts.account(named: "pending") == nil)
        #expect(fixture.repository.stored("pending") == nil)
        try await session.commit()
        #expect(fixture.accounts.account(named: "pending")?.roles == ["admin"])
        #expect(fixture.repository.stored("pending")?.roles == ["admin"])
    }

    @Test func commitStoresOneBatch() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        let before = fixture.repository.batches
        try await session.begin(database: "system")
        _ = try await session.administer(SessionFixture.create("one"))
        _ = try await session.administer(SessionFixture.create("two"))
        _ = try await session.administer(.grantRoles(roles: ["viewer"], users: ["one", "two"]))
        try await session.commit()
        #expect(fixture.repository.batches == before + 1)
    }

    @Test func rollbackDiscards() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "system")
        _ = try await session.administer(SessionFixture.create("pending"))
        await session.rollback()
        #expect(fixture.accounts.account(named: "pending") == nil)
        try await session.begin(database: "system")
        try await session.commit()
        #expect(fixture.accounts.account(named: "pending") == nil)
    }

    @Test func rollbackKeepsOtherSessionsChanges() async throws {
        let fixture = try await SessionFixture()
        try await fixture.accounts.create(name: "target", password: "target-password", roles: ["editor"])
        let first = fixture.session()
        try await first.begin(database: "system")
        let alter = AdministrationCommand.alterUser(
            name: "target",
            ifExists: false,
            password: nil,
            changeRequired: false,
            status: nil
        )
        _ = try await first.administer(alter)
        let suspend = AdministrationCommand.alterUser(
            name: "target",
            ifExists: false,
            password: nil,
            changeRequired: nil,
            status: .suspended
        )
        _ = try await fixture.session().administer(suspend)
        await first.rollback()
        #expect(fixture.accounts.account(named: "target")?.suspended == true)
    }

    @Test func commitAppliesToCurrentState() async throws {
        let fixture = try await SessionFixture()
        try await fixture.accounts.create(name: "target", password: "target-password", roles: ["editor"])
        let first = fixture.session()
        try await first.begin(database: "system")
        _ = try await first.administer(.grantRoles(roles: ["viewer"], users: ["target"]))
        let suspend = AdministrationCommand.alterUser(
            name: "target",
            ifExists: false,
            password: nil,
            changeRequired: nil,
            status: .suspended
        )
        _ = try await fixture.session().administer(suspend)
        try await first.commit()
        let target = try #require(fixture.accounts.account(named: "target"))
        #expect(target.suspended)
        #expect(target.roles == ["editor", "viewer"])
    }

    @Test func commitFailsWhenUserDroppedMeanwhile() async throws {
        let fixture = try await SessionFixture()
        try await fixture.accounts.create(name: "target", password: "target-password", roles: ["editor"])
        let first = fixture.session()
        try await first.begin(database: "system")
        _ = try await first.administer(SessionFixture.create("other"))
        _ = try await first.administer(.grantRoles(roles: ["viewer"], users: ["target"]))
        _ = try await fixture.session().administer(.dropUser(name: "target", ifExists: false))
        let failure = await #expect(throws: ServerError.self) { try await first.commit() }
        #expect(failure?.status == .invalidArguments)
        #expect(!first.inTransaction)
        // The batch is applied whole or not at all.
        #expect(fixture.accounts.account(named: "other") == nil)
        #expect(fixture.accounts.account(named: "target") == nil)
    }

    @Test func runRejectsObviousErrors() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "system")
        let commands: [AdministrationCommand] = [
            .grantRoles(roles: ["admin"], users: ["nobody"]),
            .grantRoles(roles: ["wizard"], users: ["root"]),
            SessionFixture.create("short", password: "short"),
            .alterUser(name: "nobody", ifExists: false, password: nil, changeRequired: true, status: nil),
            .dropUser(name: "nobody", ifExists: false),
            .dropUser(name: "root", ifExists: false),
        ]
        for command in commands {
            let failure = await #expect(throws: ServerError.self) { try await session.administer(command) }
            #expect(failure?.status == .invalidArguments)
        }
        #expect(session.pendingAdministration.isEmpty)
    }

    @Test func laterCommandSeesEarlierOnes() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "system")
        _ = try await session.administer(SessionFixture.create("temp"))
        _ = try await session.administer(.dropUser(name: "temp", ifExists: false))
        await #expect(throws: ServerError.self) {
            try await session.administer(.grantRoles(roles: ["viewer"], users: ["temp"]))
        }
        try await session.commit()
        #expect(fixture.accounts.account(named: "temp") == nil)
    }

    @Test func ownPasswordChangeAtCommit() async throws {
        let fixture = try await SessionFixture()
        try await fixture.accounts.create(
            name: "newhire",
            password: "initial-password",
            roles: ["editor"],
            changeRequired: true
        )
        var identity = Identity(principal: "newhire", roles: ["editor"], provider: "local", accountName: "newhire")
        identity.credentialsExpired = true
        let session = fixture.service.makeSession(identity: identity, logger: Logger(label: "test", level: .error))
        try await session.begin(database: "system")
        _ = try await session.administer(.alterCurrentUserPassword(old: "initial-password", new: "changed-password"))
        #expect(fixture.accounts.account(named: "newhire")?.changeRequired == true)
        try await session.commit()
        let account = try #require(fixture.accounts.account(named: "newhire"))
        #expect(!account.changeRequired)
        #expect(account.passwordHash == "$fake$changed-password")
        #expect(!session.identity.credentialsExpired)
    }

    @Test func ownPasswordChangeLosesToReset() async throws {
        let fixture = try await SessionFixture()
        try await fixture.accounts.create(name: "user", password: "initial-password", roles: ["editor"])
        let session = fixture.session(as: "user")
        try await session.begin(database: "system")
        _ = try await session.administer(.alterCurrentUserPassword(old: "initial-password", new: "changed-password"))
        try await fixture.accounts.update(name: "user", newPassword: "reset-password")
        await #expect(throws: ServerError.self) { try await session.commit() }
        #expect(fixture.accounts.account(named: "user")?.passwordHash == "$fake$reset-password")
    }
}
