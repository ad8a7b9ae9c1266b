import Testing

@testable import Host

@Suite struct LastAdminTests {
    static let suspendRoot = AdministrationCommand.alterUser(
        name: "root",
        ifExists: false,
        password: nil,
        changeRequired: nil,
        status: .suspended
    )

    @Test func revokeOwnAdminRejected() async throws {
        let fixture = try await SessionFixture()
        let failure = await #expect(throws: ServerError.self) {
            try await fixture.session().administer(.revokeRoles(roles: ["admin"], users: ["root"]))
        }
        #expect(failure?.status == .invalidArguments)
        #expect(failure?.message.contains("at least one active admin must remain") == true)
        #expect(fixture.accounts.account(named: "root")?.roles == ["admin"])
    }

    @Test(arguments: ["revoke", "suspend", "drop"])
    func otherAdminCannotRemoveLast(change: String) async throws {
        let fixture = try await SessionFixture()
        // The helper is an admin only through a suspended account's leftover session.
        try await fixture.accounts.create(name: "helper", password: "helper-password", roles: ["admin"])
        try await fixture.accounts.update(name: "helper") { $0.suspended = true }
        let session = fixture.service.makeSession(
            identity: Identity(principal: "helper", roles: ["admin"], provider: "test"),
            logger: Logger(label: "test", level: .error)
        )
        let command: AdministrationCommand =
            switch change {
            case "revoke": .revokeRoles(roles: ["admin"], users: ["root"])
            case "suspend": Self.suspendRoot
            default: .dropUser(name: "root", ifExists: false)
            }
        let failure = await #expect(throws: ServerError.self) { try await session.administer(command) }
        #expect(failure?.status == .invalidArguments)
        #expect(fixture.accounts.account(named: "root")?.roles == ["admin"])
        #expect(fixture.accounts.account(named: "root")?.suspended == false)
    }

    @Test func handOverInTransaction() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "system")
        _ = try await session.administer(SessionFixture.create("heir"))
        _ = try await session.administer(.grantRoles(roles: ["admin"], users: ["heir"]))
        _ = try await session.administer(.revokeRoles(roles: ["admin"], users: ["root"]))
        try await session.commit()
        #expect(fixture.accounts.account(named: "heir")?.roles == ["admin"])
        #expect(fixture.accounts.account(named: "root")?.roles == [])
    }

    @Test func replaceOfLastAdminRejected() async throws {
        let fixture = try await SessionFixture()
        let replace = AdministrationCommand.createUser(
            name: "root",
            password: "other-password",
            ifNotExists: false,
            orReplace: true,
            changeRequired: false,
            status: nil
        )
        await #expect(throws: ServerError.self) { try await fixture.session().administer(replace) }
        #expect(fixture.accounts.account(named: "root")?.roles == ["admin"])
    }
}
