import Host
import Testing

@testable import JWTAuth

@Suite("JWT token service")
struct TokenServiceTests {
    let clock = TestClock(TokenFactory.now)
    let keys = TokenFactory.keys()
    let revocations: RevocationList
    let service: JWTTokenService

    /// Verifies like the server: `exp` optional, `iss` not checked.
    var verifier: JWTVerifier { JWTVerifier(keys: keys, policy: .init(requireExpiration: false)) }

    init() throws {
        revocations = try RevocationFixtures.list(clock: clock)
        service = JWTTokenService(
            signer: JWTSigner(keys: TokenFactory.keys()),
            verifier: JWTVerifier(keys: TokenFactory.keys(), policy: .init(requireExpiration: false)),
            revocations: revocations,
            loginTokenLifetime: 3600,
            clock: clock.function
        )
    }

    static let account = Account(
        name: "alice",
        kind: .service,
        passwordHash: "unused",
        roles: ["editor", "viewer"],
        createdAt: 1,
        credentialsChangedAt: 1
    )

    func serverError(_ body: () throws -> Void) -> ServerError? {
        do {
            try body()
            return nil
        } catch {
            return error as? ServerError
        }
    }

    @Test func loginTokenClaims() throws {
        let issued = service.issueLoginToken(for: Self.account)
        let claims = try verifier.verify(issued.token, now: TokenFactory.now)
        #expect(claims.subject == "alice")
        #expect(claims.roles == ["editor", "viewer"])
        #expect(claims.localAccount)
        #expect(claims.issuer == "nornicdb")
        #expect(claims.issuedAt == TokenFactory.now)
        #expect(claims.expiresAt == TokenFactory.now + 3600)
        #expect(claims.nodeID == nil)
        #expect(claims.issuerNode == JWTNodeIdentity.process.value)
        #expect(claims.tokenID == issued.tokenID)
        #expect(issued.subject == "alice")
        #expect(issued.issuedAt == TokenFactory.now)
        #expect(issued.expiresAt == TokenFactory.now + 3600)
        #expect(service.loginTokenLifetime == 3600)
    }

    @Test func tokenIDsAreRandom() throws {
        let ids = (0..<20).map { _ in service.issueLoginToken(for: Self.account).tokenID }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.count == 22)
            #expect(Base64URL.decode(id)?.count == 16)
        }
    }

    @Test func clusterTokenWithoutExpiry() throws {
        let issued = try service.issueClusterToken(nodeID: "node-1.eu_west", role: "editor", lifetime: nil)
        let claims = try verifier.verify(issued.token, now: TokenFactory.now + 10 * 365 * 86_400)
        #expect(claims.subject == "cluster:node-1.eu_west")
        #expect(claims.roles == ["editor"])
        #expect(claims.nodeID == "node-1.eu_west")
        #expect(claims.expiresAt == nil)
        #expect(claims.issuedAt == TokenFactory.now)
        #expect(claims.issuer == "nornicdb")
        #expect(!claims.localAccount)
        #expect(claims.issuerNode == nil)
        #expect(claims.tokenID == issued.tokenID)
        #expect(issued.expiresAt == nil)
        #expect(issued.subject == "cluster:node-1.eu_west")
    }

    @Test func clusterTokenWithExpiry() throws {
        let issued = try service.issueClusterToken(nodeID: "n2", role: "viewer", lifetime: 600)
        #expect(issued.expiresAt == TokenFactory.now + 600)
        let claims = try verifier.verify(issued.token, now: TokenFactory.now)
        #expect(claims.expiresAt == TokenFactory.now + 600)
        #expect(throws: ServerError(.tokenExpired, "")) {
            try verifier.verify(issued.token, now: TokenFactory.now + 600)
        }
    }

    @Test(arguments: ["superuser", "Admin", "", "PUBLIC"])
    func clusterTokenUnknownRole(role: String) throws {
        let error = try #require(
            serverError { _ = try service.issueClusterToken(nodeID: "n1", role: role, lifetime: nil) }
        )
        #expect(error.status == .invalidArguments)
        #expect(error.message.contains("admin, editor, viewer, none"))
    }

    @Test(arguments: ["", "node:1", "node 1", "node/1", "nöde", "node\n", String(repeating: "n", count: 129)])
    func clusterTokenInvalidNodeID(nodeID: String) throws {
        let error = try #require(
            serverError { _ = try service.issueClusterToken(nodeID: nodeID, role: "admin", lifetime: nil) }
        )
        #expect(error.status == .invalidArguments)
        #expect(error.message.contains("1 to 128"))
    }

    @Test func clusterTokenLongestNodeID() throws {
        let nodeID = String(repeating: "n", count: 128)
        #expect(
            try service.issueClusterToken(nodeID: nodeID, role: "none", lifetime: nil).subject == "cluster:" + nodeID
        )
    }

    @Test(arguments: [0, -1, Int64.max, JWTClaims.maximumNumericDate] as [Int64])
    func clusterTokenInvalidLifetime(lifetime: Int64) throws {
        let error = try #require(
            serverError { _ = try service.issueClusterToken(nodeID: "n1", role: "admin", lifetime: lifetime) }
        )
        #expect(error.status == .invalidArguments)
        #expect(error.message.contains("lifetime"))
    }

    @Test func describeValidToken() throws {
        let issued = service.issueLoginToken(for: Self.account)
        let description = try service.describe(issued.token)
        #expect(description == TokenDescription(tokenID: issued.tokenID, subject: "alice", expiresAt: issued.expiresAt))
    }

    @Test func describeExpiredToken() throws {
        let issued = service.issueLoginToken(for: Self.account)
        clock.set(TokenFactory.now + 7200)
        #expect(try service.describe(issued.token).tokenID == issued.tokenID)
    }

    @Test func describeOutsideTokenWithoutID() throws {
        let token = TokenFactory.token(payload: #"{"sub":"ext","exp":1}"#)
        #expect(try service.describe(Secret(token)) == TokenDescription(tokenID: nil, subject: "ext", expiresAt: 1))
    }

    @Test func describeForgedToken() throws {
        let otherKey = Array(TokenFactory.otherSecret.reveal().utf8)
        let forged = TokenFactory.token(payload: TokenFactory.payload(), key: otherKey)
        for token in [forged, "not.a.jwt", "", TokenFactory.token(header: #"{"alg":"none"}"#, payload: "{}")] {
            let error = try #require(serverError { _ = try service.describe(Secret(token)) }, "\(token)")
            #expect(error.status == .unauthorized)
        }
    }

    @Test func revokeMarksToken() async throws {
        let issued = service.issueLoginToken(for: Self.account)
        #expect(!service.isRevoked(tokenID: issued.tokenID))
        let description = try service.describe(issued.token)
        try await service.revoke(tokenID: try #require(description.tokenID), expiresAt: description.expiresAt)
        #expect(service.isRevoked(tokenID: issued.tokenID))
        #expect(revocations.isRevoked(issued.tokenID))
    }

    @Test func revokeKeepsRecordThroughLeeway() async throws {
        let repository = MemoryRevocationRepository()
        let leewayService = JWTTokenService(
            signer: JWTSigner(keys: keys),
            verifier: JWTVerifier(keys: keys, policy: .init(leeway: 30)),
            revocations: try RevocationFixtures.list(clock: clock, repository: repository),
            loginTokenLifetime: 60,
            clock: clock.function
        )
        try await leewayService.revoke(tokenID: "t-1", expiresAt: TokenFactory.now + 60)
        try await leewayService.revoke(tokenID: "t-2", expiresAt: Int64.max)
        #expect(repository.stored.map(\.expiresAt) == [TokenFactory.now + 90, Int64.max])
    }
}
