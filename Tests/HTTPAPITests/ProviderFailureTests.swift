import Host
import Testing

@testable import HTTPAPI

/// A provider that fails every password login of one user with a fixed error, standing in for
/// a directory that is down or slow, or a locked account, until such providers exist.
struct FailingProvider: IdentityProvider {
    let name = "failing"
    let principal: String
    let failure: ServerError

    func authenticate(_ credential: Credential) async throws -> Identity? {
        guard case .password(let name, _) = credential, name == principal else { return nil }
        throw failure
    }
}

@Suite("HTTP statuses of provider failures")
struct ProviderFailureTests {
    static let cases: [(ServerError.Status, Int)] = [
        (.authenticationRateLimit, 429),
        (.authProviderFailed, 502),
        (.authProviderTimeout, 504),
        (.unauthorized, 401),
    ]

    @Test(arguments: cases)
    func statusOfFailure(status: ServerError.Status, expected: Int) async throws {
        let provider = FailingProvider(principal: "carol", failure: ServerError(status, "provider failure"))
        let fixture = try await APIFixture(leadingProviders: [provider])
        let commit = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: ["statements": [["statement": "RETURN 1"]]],
            authorization: APIFixture.basic("carol", "carol-password")
        )
        let token = await fixture.send(
            "POST",
            "/api/v1/auth/token",
            body: ["username": "carol", "password": "carol-password"],
            authorization: nil
        )
        await fixture.close()
        #expect(commit.status == expected)
        #expect(commit.errorCode == status.code)
        #expect(token.status == expected)
        #expect(token.errorCode == status.code)
        #expect((commit.header("WWW-Authenticate") != nil) == (expected == 401))
    }
}
