import Testing

@testable import Host

@Suite struct AccessModeTests {
    static let commands: [String: AdministrationCommand] = [
        "CREATE USER ro": SessionFixture.create("ro"),
        "SHOW USERS": .showUsers,
        "SHOW CURRENT USER": .showCurrentUser,
        "SHOW ROLES": .showRoles,
        "DROP USER ro": .dropUser(name: "ro", ifExists: true),
        "GRANT": .grantRoles(roles: ["viewer"], users: ["root"]),
        "ALTER CURRENT USER": .alterCurrentUserPassword(old: "root-password", new: "other-password"),
    ]

    @Test(arguments: ["CREATE USER ro", "DROP USER ro", "GRANT", "ALTER CURRENT USER"])
    func readModeRejectsChanges(statement: String) async throws {
        let fixture = try await SessionFixture(commands: Self.commands)
        let failure = await #expect(throws: ServerError.self) {
            try await fixture.session().run(statement, parameters: [:], database: "system", readOnly: true)
        }
        #expect(failure?.status == .accessMode)
        #expect(fixture.accounts.account(named: "ro") == nil)
        #expect(fixture.accounts.account(named: "root")?.roles == ["admin"])
    }

    @Test(arguments: ["SHOW USERS", "SHOW CURRENT USER", "SHOW ROLES"])
    func readModeAllowsShow(statement: String) async throws {
        let fixture = try await SessionFixture(commands: Self.commands)
        let result = try await fixture.session().run(statement, parameters: [:], database: "system", readOnly: true)
        #expect(!result.rows.isEmpty)
    }

    @Test func readTransactionRejectsAdminister() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "system", readOnly: true)
        let failure = await #expect(throws: ServerError.self) {
            try await session.administer(SessionFixture.create("ro"))
        }
        #expect(failure?.status == .accessMode)
    }

    @Test func writeModeAllowsChanges() async throws {
        let fixture = try await SessionFixture(commands: Self.commands)
        _ = try await fixture.session().run("CREATE USER ro", parameters: [:], database: "system")
        #expect(fixture.accounts.account(named: "ro") != nil)
    }
}
