import BasicAuth
import Host
import Testing

@Suite("Local account provider")
struct LocalAccountProviderTests {
    let accounts: AccountManager
    let provider: LocalAccountProvider

    init() throws {
        accounts = try AccountFixtures.manager()
        provider = LocalAccountProvider(accounts: accounts)
    }

    func login(_ name: String, _ password: String) async throws -> Identity? {
        try await provider.authenticate(.password(principal: name, password: Secret(password)))
    }

    func serverError(_ body: () async throws -> Identity?) async -> ServerError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? ServerError
        }
    }

    @Test func correctPasswordAccepted() async throws {
        try await accounts.create(name: "alice", password: "password-1", roles: ["editor"])
        let identity = try #require(try await login("alice", "password-1"))
        #expect(identity.principal == "alice")
        #expect(identity.roles == ["editor"])
        #expect(identity.provider == "local")
        #expect(identity.accountName == "alice")
        #expect(identity.credentialsExpired == false)
        #expect(identity.expiresAt == nil)
    }

    @Test func wrongPasswordInvalidCredentials() async throws {
        try await accounts.create(name: "alice", password: "password-1", roles: ["editor"])
        let error = await serverError { try await login("alice", "password-2") }
        #expect(error?.status == .unauthorized)
        #expect(error?.message == ServerError.invalidCredentials.message)
    }

    @Test func unknownUserReturnsNil() async throws {
        #expect(try await login("nobody", "password-1") == nil)
    }

    @Test func suspendedAccountLooksLikeWrongPassword() async throws {
        try await accounts.create(name: "bob", password: "password-1", roles: ["editor"], suspended: true)
        for password in ["password-1", "password-2"] {
            let error = await serverError { try await login("bob", password) }
            #expect(error?.status == .unauthorized)
            #expect(error?.message == ServerError.invalidCredentials.message)
        }
    }

    @Test func changeRequiredMarksCredentialsExpired() async throws {
        try await accounts.create(name: "carol", password: "password-1", roles: ["viewer"], changeRequired: true)
        let identity = try #require(try await login("carol", "password-1"))
        #expect(identity.credentialsExpired)
    }

    @Test func otherCredentialsIgnored() async throws {
        #expect(try await provider.authenticate(.bearer(token: "a.b.c")) == nil)
        #expect(try await provider.authenticate(.anonymous) == nil)
    }

    @Test func revalidateRefreshesAccount() async throws {
        try await accounts.create(name: "dave", password: "password-1", roles: ["editor"], changeRequired: true)
        let identity = try #require(try await login("dave", "password-1"))
        try await accounts.update(name: "dave", newPassword: "password-2") { account in
            account.roles = ["viewer"]
            account.changeRequired = false
        }
        // A password change keeps the session; the new roles and flag apply.
        let refreshed = try await provider.revalidate(identity)
        #expect(refreshed.roles == ["viewer"])
        #expect(refreshed.credentialsExpired == false)
    }

    @Test func revalidateEndsDroppedAccount() async throws {
        try await accounts.create(name: "erin", password: "password-1", roles: ["editor"])
        let identity = try #require(try await login("erin", "password-1"))
        try await accounts.delete(name: "erin")
        let error = await serverError { try await provider.revalidate(identity) }
        #expect(error?.status == .authorizationExpired)
    }

    @Test func revalidateEndsSuspendedAccount() async throws {
        try await accounts.create(name: "fay", password: "password-1", roles: ["editor"])
        let identity = try #require(try await login("fay", "password-1"))
        try await accounts.update(name: "fay") { $0.suspended = true }
        let error = await serverError { try await provider.revalidate(identity) }
        #expect(error?.status == .authorizationExpired)
    }

    @Test func revalidateIgnoresOtherProviders() async throws {
        let identity = Identity(principal: "ghost", roles: ["viewer"], provider: "jwt")
        #expect(try await provider.revalidate(identity) == identity)
    }

    @Test func authenticatorChain() async throws {
        try await accounts.create(name: "hal", password: "password-1", roles: ["admin"])
        let authenticator = Authenticator(providers: [provider], policy: AuthPolicy())
        let logger = Logger(label: "test", level: .error)
        let identity = try await authenticator.authenticate(
            .basic(principal: "hal", password: "password-1"),
            logger: logger
        )
        #expect(identity.permissions == .all)
        // An unknown user falls through every provider and ends as Unauthorized.
        await #expect(throws: ServerError.invalidCredentials) {
            try await authenticator.authenticate(.basic(principal: "nobody", password: "password-1"), logger: logger)
        }
    }
}
