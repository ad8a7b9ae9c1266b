import Host
import Testing

@testable import JWTAuth

@Suite("JWT revocation")
struct RevocationTests {
    let clock = TestClock(TokenFactory.now)
    let keys = TokenFactory.keys()
    let accounts: AccountManager
    let revocations: RevocationList
    let service: JWTTokenService
    let provider: JWTProvider

    init() throws {
        accounts = try AccountFixtures.manager(clock: clock)
        revocations = try RevocationFixtures.list(clock: clock)
        let verifier = JWTVerifier(keys: keys, policy: .init(requireExpiration: false))
        service = JWTTokenService(
            signer: JWTSigner(keys: keys),
            verifier: verifier,
            revocations: revocations,
            loginTokenLifetime: 3600,
            clock: clock.function
        )
        provider = JWTProvider(verifier: verifier, accounts: accounts, revocations: revocations, clock: clock.function)
    }

    func serverError(_ body: () async throws -> Identity?) async -> ServerError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? ServerError
        }
    }

    func login(_ token: Secret) async throws -> Identity {
        try #require(try await provider.authenticate(.bearer(token: token)))
    }

    @Test func revokedTokenRejectedAtLogin() async throws {
        let account = try await accounts.create(name: "alice", password: "password-1", roles: ["editor"])
        let issued = service.issueLoginToken(for: account)
        #expect(try await login(issued.token).tokenID == issued.tokenID)
        try await service.revoke(tokenID: issued.tokenID, expiresAt: issued.expiresAt)
        let error = await serverError { try await provider.authenticate(.bearer(token: issued.token)) }
        #expect(error == ServerError(.unauthorized, "The token has been revoked."))
        #expect(error?.message == "The token has been revoked.")
        // Another token of the same account still works.
        #expect(try await login(service.issueLoginToken(for: account).token).principal == "alice")
    }

    @Test func revokedTokenEndsOpenSession() async throws {
        let account = try await accounts.create(name: "bob", password: "password-1", roles: ["editor"])
        let issued = service.issueLoginToken(for: account)
        let identity = try await login(issued.token)
        #expect(try await provider.revalidate(identity).principal == "bob")
        try await service.revoke(tokenID: issued.tokenID, expiresAt: issued.expiresAt)
        let error = await serverError { try await provider.revalidate(identity) }
        #expect(error?.status == .unauthorized)
        #expect(error?.message == "The token has been revoked.")
    }

    @Test func revokedClusterTokenEndsSession() async throws {
        let issued = try service.issueClusterToken(nodeID: "node-7", role: "viewer", lifetime: nil)
        let identity = try await login(issued.token)
        #expect(identity.principal == "cluster:node-7")
        #expect(identity.roles == ["viewer"])
        #expect(identity.accountName == nil)
        #expect(identity.tokenID == issued.tokenID)
        try await service.revoke(tokenID: issued.tokenID, expiresAt: nil)
        let error = await serverError { try await provider.revalidate(identity) }
        #expect(error?.status == .unauthorized)
    }

    @Test func authenticatorRevalidationRejectsRevoked() async throws {
        let issued = try service.issueClusterToken(nodeID: "node-8", role: "admin", lifetime: 600)
        let authenticator = Authenticator(providers: [provider], policy: AuthPolicy(), clock: clock.function)
        let logger = Logger(label: "test", level: .error)
        let identity = try await authenticator.authenticate(.bearer(issued.token.reveal()), logger: logger)
        try await service.revoke(tokenID: issued.tokenID, expiresAt: issued.expiresAt)
        await #expect(throws: ServerError(.unauthorized, "")) { try await authenticator.revalidate(identity) }
    }

    @Test func expiredRevokedTokenReportsExpiry() async throws {
        let issued = try service.issueClusterToken(nodeID: "node-9", role: "admin", lifetime: 60)
        try await service.revoke(tokenID: issued.tokenID, expiresAt: issued.expiresAt)
        clock.set(TokenFactory.now + 60)
        let error = await serverError { try await provider.authenticate(.bearer(token: issued.token)) }
        #expect(error?.status == .tokenExpired)
    }

    @Test func tokenWithoutIDUnaffected() async throws {
        try await revocations.revoke(tokenID: "other", expiresAt: nil)
        let token = TokenFactory.token(payload: #"{"sub":"ext","roles":["viewer"]}"#)
        let identity = try await login(Secret(token))
        #expect(identity.tokenID == nil)
        #expect(try await provider.revalidate(identity) == identity)
    }

    @Test func clusterSubjectNeverLocalAccount() async throws {
        // `cluster:x` is not a valid account name, so no account can shadow a cluster token.
        await #expect(throws: ServerError.self) {
            try await accounts.create(name: "cluster:node-1", password: "password-1", roles: ["admin"])
        }
        let issued = try service.issueClusterToken(nodeID: "node-1", role: "viewer", lifetime: nil)
        #expect(try await login(issued.token).roles == ["viewer"])
    }

    @Test func tokenWithoutIssuerAccepted() async throws {
        let token = TokenFactory.token(payload: #"{"sub":"tool","roles":["viewer"],"exp":1700003600}"#)
        #expect(try await login(Secret(token)).principal == "tool")
    }

    @Test func otherProvidersIdentityUntouched() async throws {
        try await revocations.revoke(tokenID: "jti-local", expiresAt: nil)
        let identity = Identity(principal: "alice", roles: ["admin"], provider: "local", tokenID: "jti-local")
        #expect(try await provider.revalidate(identity) == identity)
    }
}

/// Password change, suspension and drop end the tokens issued before them.
@Suite("JWT invalidation")
struct InvalidationTests {
    let clock = TestClock(TokenFactory.now)
    let accounts: AccountManager
    let service: JWTTokenService
    let provider: JWTProvider

    init() throws {
        accounts = try AccountFixtures.manager(clock: clock)
        let keys = TokenFactory.keys()
        let verifier = JWTVerifier(keys: keys, policy: .init(requireExpiration: false))
        let revocations = try RevocationFixtures.list(clock: clock)
        service = JWTTokenService(
            signer: JWTSigner(keys: keys),
            verifier: verifier,
            revocations: revocations,
            loginTokenLifetime: 3600,
            clock: clock.function
        )
        provider = JWTProvider(verifier: verifier, accounts: accounts, revocations: revocations, clock: clock.function)
    }

    func rejection(_ token: Secret) async -> ServerError? {
        do {
            _ = try await provider.authenticate(.bearer(token: token))
            return nil
        } catch {
            return error as? ServerError
        }
    }

    @Test func passwordChangeEndsEarlierTokens() async throws {
        let account = try await accounts.create(name: "carol", password: "password-1", roles: ["editor"])
        let early = service.issueLoginToken(for: account)
        clock.set(TokenFactory.now + 10)
        let changed = try await accounts.update(name: "carol", newPassword: "password-2")
        let error = await rejection(early.token)
        #expect(error?.status == .unauthorized)
        #expect(error?.message.contains("credentials last changed") == true)
        #expect(try await provider.authenticate(.bearer(token: service.issueLoginToken(for: changed).token)) != nil)
    }

    @Test func suspensionEndsTokens() async throws {
        let account = try await accounts.create(name: "dan", password: "password-1", roles: ["editor"])
        let issued = service.issueLoginToken(for: account)
        let identity = try #require(try await provider.authenticate(.bearer(token: issued.token)))
        try await accounts.update(name: "dan") { $0.suspended = true }
        #expect(await rejection(issued.token)?.message.contains("suspended") == true)
        await #expect(throws: ServerError(.authorizationExpired, "")) { try await provider.revalidate(identity) }
    }

    @Test func dropEndsTokens() async throws {
        let account = try await accounts.create(name: "eve", password: "password-1", roles: ["admin"])
        let issued = service.issueLoginToken(for: account)
        let identity = try #require(try await provider.authenticate(.bearer(token: issued.token)))
        try await accounts.delete(name: "eve")
        #expect(await rejection(issued.token)?.message.contains("does not exist") == true)
        await #expect(throws: ServerError(.authorizationExpired, "")) { try await provider.revalidate(identity) }
        // Recreating the name does not revive the old token, which predates the new account.
        clock.set(TokenFactory.now + 10)
        try await accounts.create(name: "eve", password: "password-9", roles: ["admin"])
        #expect(await rejection(issued.token)?.message.contains("credentials last changed") == true)
    }
}
