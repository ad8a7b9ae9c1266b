import Testing

@testable import Host

/// Re-reads the local account of an identity, as the local-account provider does.
struct AccountRefreshingProvider: IdentityProvider {
    let name = "local"
    let accounts: AccountManager

    func authenticate(_ credential: Credential) async throws -> Identity? { nil }

    func revalidate(_ identity: Identity) async throws -> Identity {
        try accounts.refresh(identity, accountName: identity.accountName ?? identity.principal)
    }
}

@Suite struct CommitRevalidationTests {
    static let commands: [String: AdministrationCommand] = [
        "CREATE USER evil": SessionFixture.create("evil"),
        "CREATE USER second": SessionFixture.create("second"),
        "GRANT ADMIN TO second": .grantRoles(roles: ["admin"], users: ["second"]),
    ]

    /// A fixture whose sessions revalidate against the accounts, and a second admin.
    static func fixture() async throws -> (SessionFixture, QueryService) {
        let fixture = try await SessionFixture(commands: commands)
        _ = try await fixture.session().run("CREATE USER second", parameters: [:], database: "system")
        _ = try await fixture.session().run("GRANT ADMIN TO second", parameters: [:], database: "system")
        let service = QueryService(
            engine: fixture.engine,
            accounts: fixture.accounts,
            authenticator: Authenticator(
                providers: [AccountRefreshingProvider(accounts: fixture.accounts)],
                policy: AuthPolicy()
            ),
            defaultDatabase: "nornic",
            pool: AccountTestSupport.pool
        )
        return (fixture, service)
    }

    static func session(of service: QueryService, as name: String, roles: [String]) -> QuerySession {
        let identity = Identity(principal: name, roles: roles, provider: "local", accountName: name)
        return service.makeSession(identity: identity, logger: Logger(label: "test", level: .error))
    }

    @Test func demotedAdminCannotCommit() async throws {
        let (fixture, service) = try await Self.fixture()
        let session = Self.session(of: service, as: "second", roles: ["admin"])
        try await session.begin(database: "system")
        _ = try await session.run("CREATE USER evil", parameters: [:], database: "system")
        try await fixture.accounts.update(name: "second") { $0.roles = ["editor"] }
        let failure = await #expect(throws: ServerError.self) { try await session.commit() }
        #expect(failure?.status == .forbidden)
        #expect(fixture.accounts.account(named: "evil") == nil)
        #expect(!session.inTransaction)
    }

    @Test func droppedAdminCannotCommit() async throws {
        let (fixture, service) = try await Self.fixture()
        let session = Self.session(of: service, as: "second", roles: ["admin"])
        try await session.begin(database: "system")
        _ = try await session.run("CREATE USER evil", parameters: [:], database: "system")
        try await fixture.accounts.delete(name: "second")
        let failure = await #expect(throws: ServerError.self) { try await session.commit() }
        #expect(failure?.status == .authorizationExpired)
        #expect(fixture.accounts.account(named: "evil") == nil)
    }

    @Test func currentAdminCommits() async throws {
        let (fixture, service) = try await Self.fixture()
        let session = Self.session(of: service, as: "second", roles: ["admin"])
        try await session.begin(database: "system")
        _ = try await session.run("CREATE USER evil", parameters: [:], database: "system")
        try await session.commit()
        #expect(fixture.accounts.account(named: "evil") != nil)
    }
}
