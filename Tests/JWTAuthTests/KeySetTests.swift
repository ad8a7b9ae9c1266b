import Host
import Testing

@testable import JWTAuth

@Suite("JWT key set")
struct KeySetTests {
    @Test(arguments: ["", "secret", "1234", "your-256-bit-secret", "password", String(repeating: "x", count: 31)])
    func shortSecretRefused(secret: String) {
        #expect {
            try JWTKeySet(current: Secret(secret))
        } throws: { error in
            let message = (error as? JWTConfigurationError)?.message ?? ""
            return message.contains("NORNICDB_JWT_SECRET") && message.contains("at least 32 bytes")
        }
    }

    @Test(arguments: [
        String(repeating: "a", count: 32),
        String(repeating: "\u{0}", count: 32),
        String(repeating: "secret", count: 6),
        String(repeating: "0123456789abcdef", count: 2),
        "your-256-bit-secretyour-256-bit-secret",
        "CHANGE_ME_IN_PRODUCTION_lz7q2k9x0b3m",
        "please-replace-me-with-a-real-value-now",
        "abababababababababababababababababab",
        "11223344112233441122334411223344",
    ])
    func weakLongSecretRefused(secret: String) {
        #expect {
            try JWTKeySet(current: Secret(secret))
        } throws: { error in
            let message = (error as? JWTConfigurationError)?.message ?? ""
            // The message names the setting and never contains the secret.
            return message.contains("NORNICDB_JWT_SECRET") && message.contains("too weak") && !message.contains(secret)
        }
    }

    @Test func strongSecretAccepted() throws {
        let keys = try JWTKeySet(current: TokenFactory.secret)
        #expect(keys.signingAlgorithm == .hs256)
        #expect(keys.acceptedAlgorithms == [.hs256])
    }

    @Test func generatedSecretAccepted() throws {
        for _ in 0..<50 {
            _ = try JWTKeySet(current: Secret(Crypto.randomToken(byteCount: 32)))
        }
    }

    @Test func longerAlgorithmNeedsLongerSecret() throws {
        // 48 bytes: enough for HS384, not for HS512.
        _ = try JWTKeySet(current: TokenFactory.secret, signingAlgorithm: .hs384)
        #expect(throws: JWTConfigurationError.self) {
            try JWTKeySet(current: TokenFactory.secret, signingAlgorithm: .hs512)
        }
        #expect(throws: JWTConfigurationError.self) {
            try JWTKeySet(current: TokenFactory.secret, acceptedAlgorithms: [.hs256, .hs512])
        }
    }

    @Test func signingAlgorithmMustBeAccepted() {
        #expect(throws: JWTConfigurationError.self) {
            try JWTKeySet(current: TokenFactory.secret, signingAlgorithm: .hs256, acceptedAlgorithms: [.hs384])
        }
    }

    @Test func weakPreviousSecretNamesItsVariable() {
        #expect {
            try JWTKeySet(current: TokenFactory.secret, previous: ["short"])
        } throws: { error in
            (error as? JWTConfigurationError)?.message.contains("NORNICDB_JWT_PREVIOUS_SECRETS") == true
        }
    }

    @Test func descriptionHidesKeys() throws {
        let keys = try JWTKeySet(current: TokenFactory.secret, previous: [TokenFactory.otherSecret])
        var dumped = ""
        dump(keys, to: &dumped)
        for text in [keys.description, dumped, String(reflecting: keys)] {
            #expect(!text.contains(TokenFactory.secret.reveal()))
            #expect(!text.contains(String(TokenFactory.secret.reveal().prefix(8))))
        }
        #expect(keys.description.contains("previous keys: 1"))
    }

    @Test func previousSecretVerifiesAndCurrentSigns() throws {
        let oldKeys = try JWTKeySet(current: TokenFactory.otherSecret)
        let rotated = try JWTKeySet(current: TokenFactory.secret, previous: [TokenFactory.otherSecret])
        let claims = JWTClaims(subject: "alice", issuedAt: TokenFactory.now, expiresAt: TokenFactory.now + 60)
        let oldToken = JWTSigner(keys: oldKeys).sign(claims)
        let newToken = JWTSigner(keys: rotated).sign(claims)
        let verifier = JWTVerifier(keys: rotated)
        #expect(try verifier.verify(oldToken, now: TokenFactory.now).subject == "alice")
        #expect(try verifier.verify(newToken, now: TokenFactory.now).subject == "alice")
        // The new token is signed with the current secret: the old set rejects it.
        #expect(TokenFactory.rejection(newToken, verifier: JWTVerifier(keys: oldKeys))?.isUnauthorized == true)
        // Once the old secret is dropped, its tokens stop working.
        let retired = JWTVerifier(keys: try JWTKeySet(current: TokenFactory.secret))
        #expect(
            TokenFactory.rejection(oldToken, verifier: retired)?.message.contains("signature does not match") == true
        )
    }

    @Test func repetitionPeriodDetection() {
        #expect(WeakSecretCheck.repetitionPeriod(of: Array("abcabcabc".utf8)) == 3)
        #expect(WeakSecretCheck.repetitionPeriod(of: Array("abcabcab".utf8)) == nil)
        #expect(WeakSecretCheck.repetitionPeriod(of: Array("aa".utf8)) == 1)
        #expect(WeakSecretCheck.repetitionPeriod(of: Array("a".utf8)) == nil)
    }
}
