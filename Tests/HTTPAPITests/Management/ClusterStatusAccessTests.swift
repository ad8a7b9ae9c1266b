import Foundation
import Host
import JSON
import Testing

@testable import HTTPAPI

/// A directory provider that normalizes names as LDAP does (NFKC), so the login `cluster：node-2`
/// with a full-width colon, which HTTP Basic can carry, becomes the principal `cluster:node-2`.
struct NormalizingDirectoryProvider: IdentityProvider {
    let name = "directory"
    let password: String

    func authenticate(_ credential: Credential) async throws -> Identity? {
        guard case .password(let login, let secret) = credential, secret.reveal() == password else { return nil }
        return Identity(principal: login.precomposedStringWithCompatibilityMapping, roles: ["viewer"], provider: name)
    }
}

@Suite("GET /api/v1/cluster/status: who may call it")
struct ClusterStatusAccessTests {
    /// A directory user whose name looks like a cluster token's subject is still a viewer, not a
    /// cluster member.
    @Test(arguments: ["cluster\u{FF1A}node-2", "cluster\u{FF1A}"])
    func directoryNamesakeOfClusterIs403(principal: String) async throws {
        let directory = NormalizingDirectoryProvider(password: "directory-password")
        let fixture = try await APIFixture(leadingProviders: [directory])
        let api = ManagementHarness(fixture: fixture)
        let reply = await api.send(
            "GET",
            "/api/v1/cluster/status",
            authorization: APIFixture.basic(principal, "directory-password")
        )
        await api.close()
        #expect(reply.status == 403)
        #expect(reply.errorCode == "Neo.ClientError.Security.Forbidden")
    }

    @Test func viewerIs403() async throws {
        let api = try await ManagementHarness()
        let viewer = try await api.viewer()
        let reply = await api.send("GET", "/api/v1/cluster/status", authorization: viewer)
        await api.close()
        #expect(reply.status == 403)
    }

    @Test func clusterTokenPassesAuthorization() async throws {
        let api = try await ManagementHarness()
        let issued = try await api.clusterToken(nodeID: "node-2", role: "viewer")
        let token = try #require(issued.json?["token"]?.stringValue)
        let reply = await api.send("GET", "/api/v1/cluster/status", authorization: ManagementHarness.bearer(token))
        await api.close()
        // The fixture has no cluster status source, so an authorized call gets 404.
        #expect(reply.status != 401)
        #expect(reply.status != 403)
    }
}
