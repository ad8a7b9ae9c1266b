import Host
import JSON
import Testing

@testable import HTTPAPI

/// A directory provider that authenticates a principal named like a local account, without an account.
struct NamesakeProvider: IdentityProvider {
    let name = "directory"
    let principal: String
    let password: String

    func authenticate(_ credential: Credential) async throws -> Identity? {
        guard case .password(let login, let secret) = credential, login == principal,
            secret.reveal() == password
        else { return nil }
        return Identity(principal: principal, roles: ["viewer"], provider: name)
    }
}

@Suite("POST /api/v1/auth/revoke: whose token")
struct RevokeOwnershipTests {
    @Test func namesakeOfOtherProviderIs403() async throws {
        let directory = NamesakeProvider(principal: "reader", password: "directory-password")
        let fixture = try await APIFixture(leadingProviders: [directory])
        let api = ManagementHarness(fixture: fixture)
        try await fixture.createUser("reader", roles: ["viewer"])
        let token = try await api.loginToken("reader", "user-password-1")
        let reply = await api.send(
            "POST",
            "/api/v1/auth/revoke",
            body: ["token": .string(token)],
            authorization: APIFixture.basic("reader", "directory-password")
        )
        let still = await api.send("GET", "/api/v1/users/reader", authorization: ManagementHarness.bearer(token))
        await api.close()
        #expect(reply.status == 403)
        #expect(reply.errorCode == "Neo.ClientError.Security.Forbidden")
        #expect(still.status == 200)
    }

    @Test func ownershipRule() {
        let local = Identity(principal: "reader", roles: ["viewer"], provider: "local", accountName: "reader")
        let namesake = Identity(principal: "reader", roles: ["viewer"], provider: "directory")
        let cluster = Identity(principal: "node-2", roles: ["viewer"], provider: "jwt", tokenID: "jti-1")
        #expect(ManagementEndpoints.isOwnToken(subject: "reader", tokenID: "jti-9", of: local))
        #expect(!ManagementEndpoints.isOwnToken(subject: "reader", tokenID: "jti-9", of: namesake))
        #expect(!ManagementEndpoints.isOwnToken(subject: "other", tokenID: "jti-9", of: local))
        #expect(ManagementEndpoints.isOwnToken(subject: "node-2", tokenID: "jti-1", of: cluster))
        #expect(!ManagementEndpoints.isOwnToken(subject: "node-2", tokenID: "jti-2", of: cluster))
        #expect(!ManagementEndpoints.isOwnToken(subject: "anonymous", tokenID: "jti-3", of: .anonymous))
    }
}
