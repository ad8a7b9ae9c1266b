import Host
import Testing

@testable import JWTAuth

@Suite("JWT provider")
struct JWTProviderTests {
    let clock = TestClock(TokenFactory.now)
    let accounts: AccountManager
    let keys = TokenFactory.keys()

    init() throws {
        accounts = try AccountFixtures.manager(clock: clock)
    }

    var provider: JWTProvider {
        JWTProvider(verifier: JWTVerifier(keys: keys), accounts: accounts, clock: clock.function)
    }

    func token(_ claims: JWTClaims) -> Secret { Secret(JWTSigner(keys: keys).sign(claims)) }

    func claims(_ subject: String, roles: [String] = ["admin"], iat: Int64? = TokenFactory.now) -> JWTClaims {
        JWTClaims(subject: subject, roles: roles, issuedAt: iat, expiresAt: TokenFactory.now + 600, tokenID: "j-1")
    }

    func serverError(_ body: () async throws -> Identity?) async -> ServerError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? ServerError
        }
    }

    @Test func otherCredentialsIgnored() async throws {
        #expect(try await provider.authenticate(.password(principal: "alice", password: "pw")) == nil)
        #expect(try await provider.authenticate(.anonymous) == nil)
    }

    @Test func outsideSubjectUsesTokenRoles() async throws {
        let identity = try #require(
            try await provider.authenticate(.bearer(token: token(claims("svc", roles: ["viewer", "ghost"]))))
        )
        #expect(identity.principal == "svc")
        #expect(identity.roles == ["viewer", "ghost"])
        #expect(identity.permissions == .read)  // `ghost` grants nothing
        #expect(identity.provider == "jwt")
        #expect(identity.expiresAt == TokenFactory.now + 600)
        #expect(identity.tokenID == "j-1")
        #expect(identity.accountName == nil)
    }

    @Test func localAccountRolesReplaceTokenRoles() async throws {
        try await accounts.create(name: "alice", password: "password-1", roles: ["viewer"])
        let identity = try #require(
            try await provider.authenticate(.bearer(token: token(claims("alice", roles: ["admin"]))))
        )
        #expect(identity.roles == ["viewer"])
        #expect(identity.accountName == "alice")
        #expect(identity.credentialsExpired == false)
    }

    @Test func changeRequiredMarksCredentialsExpired() async throws {
        try await accounts.create(name: "carol", password: "password-1", roles: ["editor"], changeRequired: true)
        let identity = try #require(try await provider.authenticate(.bearer(token: token(claims("carol")))))
        #expect(identity.credentialsExpired)
    }

    @Test func suspendedAccountRejected() async throws {
        try await accounts.create(name: "dave", password: "password-1", roles: ["editor"], suspended: true)
        let error = await serverError { try await provider.authenticate(.bearer(token: token(claims("dave")))) }
        #expect(error?.status == .unauthorized)
    }

    @Test func tokenBeforePasswordChangeRejected() async throws {
        clock.set(TokenFactory.now - 1000)
        try await accounts.create(name: "erin", password: "password-1", roles: ["editor"])
        let oldToken = token(claims("erin", iat: TokenFactory.now - 500))
        clock.set(TokenFactory.now - 100)
        try await accounts.update(name: "erin", newPassword: "password-2")
        clock.set(TokenFactory.now)
        let error = await serverError { try await provider.authenticate(.bearer(token: oldToken)) }
        #expect(error?.status == .unauthorized)
        #expect(error?.message.contains("credentials last changed") == true)
        // Same second as the change, and later, are accepted.
        for iat in [TokenFactory.now - 100, TokenFactory.now] {
            #expect(try await provider.authenticate(.bearer(token: token(claims("erin", iat: iat)))) != nil)
        }
    }

    @Test func localAccountTokenWithoutIssuedAtRejected() async throws {
        try await accounts.create(name: "fay", password: "password-1", roles: ["editor"])
        let error = await serverError {
            try await provider.authenticate(.bearer(token: token(claims("fay", iat: nil))))
        }
        #expect(error?.status == .unauthorized)
    }

    @Test func droppedAccountTokenRejected() async throws {
        let account = try await accounts.create(name: "gus", password: "password-1", roles: ["admin"])
        let issued = Secret(JWTSigner(keys: keys).signToken(for: account, now: TokenFactory.now, lifetime: 600))
        #expect(try await provider.authenticate(.bearer(token: issued)) != nil)
        try await accounts.delete(name: "gus")
        // Without the local-account mark the token would fall back to its own `admin` role.
        let error = await serverError { try await provider.authenticate(.bearer(token: issued)) }
        #expect(error?.status == .unauthorized)
        #expect(error?.message.contains("does not exist") == true)
    }

    @Test func expiredTokenReportsTokenExpired() async throws {
        clock.set(TokenFactory.now + 600)
        let error = await serverError { try await provider.authenticate(.bearer(token: token(claims("svc")))) }
        #expect(error?.status == .tokenExpired)
    }

    @Test func invalidTokenUnauthorized() async throws {
        let error = await serverError { try await provider.authenticate(.bearer(token: "not.a.jwt")) }
        #expect(error?.status == .unauthorized)
    }

    @Test func noAccountManagerTreatsAllAsOutside() async throws {
        let standalone = JWTProvider(verifier: JWTVerifier(keys: keys), accounts: nil, clock: clock.function)
        let identity = try #require(try await standalone.authenticate(.bearer(token: token(claims("alice")))))
        #expect(identity.roles == ["admin"])
    }

    @Test func revalidateRefreshesRoles() async throws {
        try await accounts.create(name: "hal", password: "password-1", roles: ["editor"])
        let identity = try #require(try await provider.authenticate(.bearer(token: token(claims("hal")))))
        try await accounts.update(name: "hal") {
            $0.roles = ["viewer"]
            $0.changeRequired = true
        }
        let refreshed = try await provider.revalidate(identity)
        #expect(refreshed.roles == ["viewer"])
        #expect(refreshed.credentialsExpired)
    }

    @Test func revalidateEndsDroppedOrSuspended() async throws {
        try await accounts.create(name: "ivy", password: "password-1", roles: ["editor"])
        try await accounts.create(name: "jon", password: "password-1", roles: ["editor"])
        let ivy = try #require(try await provider.authenticate(.bearer(token: token(claims("ivy")))))
        let jon = try #require(try await provider.authenticate(.bearer(token: token(claims("jon")))))
        try await accounts.delete(name: "ivy")
        try await accounts.update(name: "jon") { $0.suspended = true }
        for identity in [ivy, jon] {
            let error = await serverError { try await provider.revalidate(identity) }
            #expect(error?.status == .authorizationExpired, "\(identity.principal)")
        }
    }

    @Test func revalidateKeepsOutsideSubject() async throws {
        let identity = try #require(try await provider.authenticate(.bearer(token: token(claims("svc")))))
        #expect(try await provider.revalidate(identity) == identity)
    }

    @Test func authenticatorChecksExpiryBeforeProvider() async throws {
        let authenticator = Authenticator(providers: [provider], policy: AuthPolicy(), clock: clock.function)
        let logger = Logger(label: "test", level: .error)
        let identity = try await authenticator.authenticate(.bearer(token(claims("svc")).reveal()), logger: logger)
        clock.set(TokenFactory.now + 600)
        await #expect(throws: ServerError(.tokenExpired, "")) { try await authenticator.revalidate(identity) }
    }
}
