import Host
import Testing

@testable import JWTAuth

/// Two servers that share the JWT secret but keep their own accounts: login tokens work only on
/// the node that issued them, cluster tokens on both.
@Suite("Login tokens bound to their node")
struct NodeBindingTests {
    let clock = TestClock(TokenFactory.now)
    let keys = TokenFactory.keys()
    let thisNode = JWTNodeIdentity.random()
    let otherNode = JWTNodeIdentity.random()
    let accounts: AccountManager

    init() throws {
        accounts = try AccountFixtures.manager(clock: clock)
    }

    var verifier: JWTVerifier { JWTVerifier(keys: keys, policy: .init(requireExpiration: false)) }

    var provider: JWTProvider {
        JWTProvider(verifier: verifier, accounts: accounts, node: thisNode, clock: clock.function)
    }

    func service(_ node: JWTNodeIdentity) throws -> JWTTokenService {
        JWTTokenService(
            signer: JWTSigner(keys: keys),
            verifier: verifier,
            revocations: try RevocationFixtures.list(clock: clock),
            node: node,
            loginTokenLifetime: 3600,
            clock: clock.function
        )
    }

    /// Another node's copy of an account, which this node's store does not contain.
    static func remoteAccount(_ name: String, roles: [String]) -> Account {
        Account(name: name, passwordHash: "unused", roles: roles, createdAt: 1, credentialsChangedAt: 1)
    }

    func sign(_ claims: JWTClaims) -> Secret { Secret(JWTSigner(keys: keys).sign(claims)) }

    /// Authenticates with this node's provider and returns the error, or nil when accepted.
    func rejection(_ token: Secret) async -> ServerError? {
        do {
            _ = try await provider.authenticate(.bearer(token: token))
            return nil
        } catch {
            return error as? ServerError ?? ServerError(.unknownError, "unexpected \(error)")
        }
    }

    @Test func loginTokenNamesIssuingNode() throws {
        let account = Self.remoteAccount("sam", roles: ["viewer"])
        let issued = try service(thisNode).issueLoginToken(for: account)
        let claims = try verifier.verify(issued.token, now: TokenFactory.now)
        #expect(claims.issuerNode == thisNode.value)
        #expect(claims.localAccount)
        // `iss` stays the same on every node, for tools that check it.
        #expect(claims.issuer == "nornicdb")
    }

    @Test func loginTokenFromThisNodeAccepted() async throws {
        let account = try await accounts.create(name: "sam", password: "password-1", roles: ["viewer"])
        let issued = try service(thisNode).issueLoginToken(for: account)
        let identity = try #require(try await provider.authenticate(.bearer(token: issued.token)))
        #expect(identity.principal == "sam")
        #expect(identity.roles == ["viewer"])
        #expect(identity.accountName == "sam")
    }

    @Test func loginTokenFromOtherNodeRejected() async throws {
        // `sam` is a viewer on the other node and an admin here; the other node's token must not
        // act as this node's `sam`.
        _ = try await accounts.create(name: "sam", password: "password-1", roles: ["admin"])
        let remote = Self.remoteAccount("sam", roles: ["viewer"])
        let issued = try service(otherNode).issueLoginToken(for: remote)
        let error = await rejection(issued.token)
        #expect(error?.status == .unauthorized)
        #expect(error?.message == "The token was issued by another node; log in on this node.")
    }

    @Test func otherNodeRejectedWithoutLocalAccount() async throws {
        // The token is rejected before the account lookup, so it cannot tell which names exist.
        let remote = Self.remoteAccount("nobody-here", roles: ["admin"])
        let issued = try service(otherNode).issueLoginToken(for: remote)
        let error = await rejection(issued.token)
        #expect(error?.message.contains("issued by another node") == true)
    }

    @Test func localAccountWithoutIssuerNodeRejected() async throws {
        _ = try await accounts.create(name: "sam", password: "password-1", roles: ["admin"])
        let claims = JWTClaims(
            subject: "sam",
            roles: ["admin"],
            issuedAt: TokenFactory.now,
            expiresAt: TokenFactory.now + 600,
            localAccount: true
        )
        let error = await rejection(sign(claims))
        #expect(error?.status == .unauthorized)
        #expect(error?.message.contains("no 'issuer_node' claim") == true)
    }

    @Test func issuerNodeOfWrongTypeRejected() async throws {
        let payload = #"{"sub":"sam","iat":1700000000,"exp":1700000600,"local_account":true,"issuer_node":7}"#
        let error = await rejection(Secret(TokenFactory.token(payload: payload)))
        #expect(error?.status == .unauthorized)
        #expect(error?.message.contains("'issuer_node' claim must be a string") == true)
    }

    @Test func clusterTokenFromOtherNodeAccepted() async throws {
        let issued = try service(otherNode).issueClusterToken(nodeID: "node-2", role: "admin", lifetime: nil)
        let identity = try #require(try await provider.authenticate(.bearer(token: issued.token)))
        #expect(identity.principal == "cluster:node-2")
        #expect(identity.roles == ["admin"])
        #expect(identity.accountName == nil)
    }

    @Test func unmarkedTokenLeftToAccount() async throws {
        // A token minted by another tool with the shared secret, without `local_account` or
        // `issuer_node`: the account of that name decides.
        _ = try await accounts.create(name: "sam", password: "password-1", roles: ["viewer"])
        let claims = JWTClaims(
            subject: "sam",
            roles: ["admin"],
            issuedAt: TokenFactory.now,
            expiresAt: TokenFactory.now + 600
        )
        let identity = try #require(try await provider.authenticate(.bearer(token: sign(claims))))
        #expect(identity.roles == ["viewer"])
        #expect(identity.accountName == "sam")
    }

    @Test func outsidePrincipalUnaffected() async throws {
        let claims = JWTClaims(subject: "svc-ingest", roles: ["editor"], expiresAt: TokenFactory.now + 600)
        let identity = try #require(try await provider.authenticate(.bearer(token: sign(claims))))
        #expect(identity.principal == "svc-ingest")
        #expect(identity.roles == ["editor"])
    }

    @Test func defaultsShareProcessIdentity() async throws {
        let account = try await accounts.create(name: "sam", password: "password-1", roles: ["viewer"])
        let token = Secret(JWTSigner(keys: keys).signToken(for: account, now: TokenFactory.now, lifetime: 600))
        let standalone = JWTProvider(verifier: verifier, accounts: accounts, clock: clock.function)
        #expect(try await standalone.authenticate(.bearer(token: token))?.principal == "sam")
        // The provider bound to a data directory's identity rejects it.
        #expect(await rejection(token)?.message.contains("issued by another node") == true)
    }
}
