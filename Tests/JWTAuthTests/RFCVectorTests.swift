import Host
import Testing

@testable import JWTAuth

@Suite("JWT RFC vectors")
struct RFCVectorTests {
    // RFC 7515 appendix A.1 (also RFC 7519 section 3.1): HS256 with CRLFs inside the JSON.
    static let a1Key = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
    static let a1Token =
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let a1Expiry: Int64 = 1_300_819_380

    static var a1Verifier: JWTVerifier {
        JWTVerifier(keys: try! JWTKeySet(currentKey: TokenFactory.key(base64url: a1Key)))
    }

    @Test func a1SignatureValid() throws {
        let jws = try JWSCompact.verify(Self.a1Token, keys: Self.a1Verifier.keys)
        #expect(jws.algorithm == .hs256)
        #expect(jws.header["typ"] == .string("JWT"))
        #expect(String(decoding: jws.payload, as: UTF8.self).contains("\r\n"))
    }

    @Test func a1ExpiredWithRealClock() {
        let error = TokenFactory.rejection(Self.a1Token, verifier: Self.a1Verifier, now: UnixTime.now())
        #expect(error?.status == .tokenExpired)
    }

    @Test func a1ExpiredAtExactExpiry() {
        let error = TokenFactory.rejection(Self.a1Token, verifier: Self.a1Verifier, now: Self.a1Expiry)
        #expect(error?.status == .tokenExpired)
    }

    @Test func a1BeforeExpiryNeedsOnlySubject() throws {
        // Before `exp` the token passes the signature and time checks and fails only because
        // the vector has no `sub`, which this server requires.
        let error = TokenFactory.rejection(Self.a1Token, verifier: Self.a1Verifier, now: Self.a1Expiry - 1)
        #expect(error?.status == .unauthorized)
        #expect(error?.message.contains("'sub'") == true)
    }

    @Test func a1ValidWithSubjectAdded() throws {
        // The same key and header bytes with a `sub`, to show the full path accepts the vector's shape.
        let header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"
        let payload = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"sub\":\"joe\"}"
        let token = TokenFactory.token(header: header, payload: payload, key: TokenFactory.key(base64url: Self.a1Key))
        let claims = try Self.a1Verifier.verify(token, now: Self.a1Expiry - 1)
        #expect(claims.subject == "joe")
        #expect(claims.expiresAt == Self.a1Expiry)
        #expect(claims.issuer == "joe")
    }

    @Test func a1TrailingBitsMalleabilityRejected() {
        // `k` is the canonical last character; `l`, `m` and `n` differ only in ignored low bits.
        for last in ["l", "m", "n"] {
            let token = String(Self.a1Token.dropLast()) + last
            let error = TokenFactory.rejection(token, verifier: Self.a1Verifier, now: Self.a1Expiry - 1)
            #expect(error?.status == .unauthorized)
            #expect(error?.message.contains("signature is not canonical") == true)
        }
    }

    @Test func a5UnsecuredRejected() {
        // RFC 7515 appendix A.5: `alg: none` with an empty signature.
        let token =
            "eyJhbGciOiJub25lIn0"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
        let error = TokenFactory.rejection(token, verifier: Self.a1Verifier, now: Self.a1Expiry - 1)
        #expect(error?.status == .unauthorized)
    }

    @Test func rfc7520NonJSONPayloadRejectedAsJWT() throws {
        // RFC 7520 section 4.4: a valid JWS whose payload is prose, not a claims set.
        let header = Base64URL.encode(Array(#"{"alg":"HS256","kid":"018c0ae5-4d9b-471b-bfd6-eef314bc7037"}"#.utf8))
        let payload =
            "SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9h"
            + "ZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3"
            + "ZXB0IG9mZiB0by4"
        let token = header + "." + payload + ".s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0"
        let keys = try JWTKeySet(currentKey: TokenFactory.key(base64url: "hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"))
        // The JWS layer accepts it: the MAC is right.
        let jws = try JWSCompact.verify(token, keys: keys)
        #expect(String(decoding: jws.payload, as: UTF8.self).hasPrefix("It’s a dangerous business"))
        // The JWT layer rejects it.
        let error = TokenFactory.rejection(token, verifier: JWTVerifier(keys: keys))
        #expect(error?.status == .unauthorized)
        #expect(error?.message.contains("payload is not a JSON claims set") == true)
    }

    @Test func jwtIODefaultSecretRefused() {
        // The jwt.io sample token is signed with `your-256-bit-secret`, 19 bytes: refused at
        // configuration, so the token can never be checked against it.
        #expect(throws: JWTConfigurationError.self) { try JWTKeySet(current: "your-256-bit-secret") }
    }

    @Test func jwtIOTokenSignatureKnown() {
        // The HMAC primitive agrees with jwt.io's published signature for its sample token.
        let input =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
        let mac = JWTAlgorithm.hs256.mac(key: Array("your-256-bit-secret".utf8), message: Array(input.utf8))
        #expect(Base64URL.encode(mac) == "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
        // Under any properly configured secret, the token is rejected.
        let error = TokenFactory.rejection(input + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
        #expect(error?.message.contains("signature does not match") == true)
    }

    @Test func rfc4231HMACSHA256() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mac = JWTAlgorithm.hs256.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        let hex = mac.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        #expect(hex.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
