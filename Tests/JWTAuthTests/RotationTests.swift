import Host
import Testing

@testable import JWTAuth

/// Changing the JWT secret while earlier tokens stay valid through the previous secrets.
@Suite("JWT secret rotation")
struct RotationTests {
    static let oldSecret: Secret = "Ro7Lk2Jh5Gf8Ds1Aq4Ws6Ed9Rf3Tg0Yh7Uj2Ik5Ol8Pz1Xc4Vb"
    static let newSecret: Secret = "Nw3Mx8Qc1Vb6Zn4Lk9Hj2Gf7Ds5Ap0Oi3Uy8Tr1Ew6Qs4Dz7Fc"

    let clock = TestClock(TokenFactory.now)

    func service(_ keys: JWTKeySet) throws -> JWTTokenService {
        JWTTokenService(
            signer: JWTSigner(keys: keys),
            verifier: JWTVerifier(keys: keys, policy: .init(requireExpiration: false)),
            revocations: try RevocationFixtures.list(clock: clock),
            loginTokenLifetime: 3600,
            clock: clock.function
        )
    }

    func provider(_ keys: JWTKeySet) -> JWTProvider {
        JWTProvider(
            verifier: JWTVerifier(keys: keys, policy: .init(requireExpiration: false)),
            accounts: nil,
            clock: clock.function
        )
    }

    @Test func previousSecretStillVerifies() async throws {
        let before = try JWTKeySet(current: Self.oldSecret)
        let oldToken = try service(before).issueClusterToken(nodeID: "n1", role: "viewer", lifetime: 600)

        let rotated = try JWTKeySet(current: Self.newSecret, previous: [Self.oldSecret])
        let identity = try await provider(rotated).authenticate(.bearer(token: oldToken.token))
        #expect(identity?.principal == "cluster:n1")
        #expect(try service(rotated).describe(oldToken.token).tokenID == oldToken.tokenID)
    }

    @Test func newTokensUseCurrentSecret() async throws {
        let rotated = try JWTKeySet(current: Self.newSecret, previous: [Self.oldSecret])
        let newToken = try service(rotated).issueClusterToken(nodeID: "n2", role: "viewer", lifetime: 600)

        let currentOnly = try JWTKeySet(current: Self.newSecret)
        #expect(try await provider(currentOnly).authenticate(.bearer(token: newToken.token)) != nil)
        let previousOnly = try JWTKeySet(current: Self.oldSecret)
        await #expect(throws: ServerError(.unauthorized, "")) {
            try await provider(previousOnly).authenticate(.bearer(token: newToken.token))
        }
    }

    @Test func droppedPreviousSecretRejected() async throws {
        let before = try JWTKeySet(current: Self.oldSecret)
        let oldToken = try service(before).issueClusterToken(nodeID: "n3", role: "viewer", lifetime: nil)
        let after = try JWTKeySet(current: Self.newSecret)
        await #expect(throws: ServerError(.unauthorized, "")) {
            try await provider(after).authenticate(.bearer(token: oldToken.token))
        }
        #expect(throws: ServerError(.unauthorized, "")) { try service(after).describe(oldToken.token) }
    }

    @Test func weakPreviousSecretNamesVariable() {
        #expect {
            try JWTKeySet(
                current: Self.newSecret,
                previous: [Self.oldSecret, Secret(String(repeating: "ab", count: 24))]
            )
        } throws: { error in
            let message = (error as? JWTConfigurationError)?.message ?? ""
            return message.contains("NORNICDB_JWT_PREVIOUS_SECRETS") && !message.contains("abab")
        }
    }

    @Test func longAlgorithmsNeedEveryLongSecret() throws {
        // HS512 needs 64 bytes in every secret that verifies it, previous ones included.
        let longCurrent = Secret(Self.newSecret.reveal() + "Kq5Wm2Xr8Tz4Ns7B")
        _ = try JWTKeySet(current: longCurrent, previous: [Self.oldSecret], acceptedAlgorithms: [.hs256, .hs384])
        #expect {
            try JWTKeySet(current: longCurrent, previous: [Self.oldSecret], acceptedAlgorithms: [.hs256, .hs512])
        } throws: { error in
            (error as? JWTConfigurationError)?.message.contains("NORNICDB_JWT_PREVIOUS_SECRETS") == true
        }
    }
}
