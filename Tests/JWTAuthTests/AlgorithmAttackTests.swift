import Host
import Testing

@testable import JWTAuth

@Suite("JWT algorithm and key attacks")
struct AlgorithmAttackTests {
    @Test(arguments: ["none", "None", "NONE", "nOnE", ""])
    func noneAlgorithmRejected(alg: String) {
        let header = #"{"alg":"\#(alg)","typ":"JWT"}"#
        // Both an empty signature and a valid-looking HMAC must fail.
        let unsigned =
            Base64URL.encode(Array(header.utf8)) + "."
            + Base64URL.encode(Array(TokenFactory.payload().utf8)) + "."
        #expect(TokenFactory.rejection(unsigned)?.isUnauthorized == true)
        let signed = TokenFactory.token(header: header, payload: TokenFactory.payload())
        #expect(TokenFactory.rejection(signed)?.message.contains("algorithm that is not accepted") == true)
    }

    @Test(arguments: [#"{"typ":"JWT"}"#, #"{"alg":256}"#, #"{"alg":null}"#, #"{"alg":["HS256"]}"#])
    func missingOrNonStringAlgRejected(header: String) {
        let token = TokenFactory.token(header: header, payload: TokenFactory.payload())
        #expect(TokenFactory.rejection(token)?.message.contains("no string 'alg'") == true)
    }

    @Test(arguments: ["hs256", "Hs256", "HS256 ", "RS256", "ES256", "PS256", "EdDSA", "HS1", "A256GCM"])
    func unknownOrMiscasedAlgRejected(alg: String) {
        let token = TokenFactory.token(header: #"{"alg":"\#(alg)"}"#, payload: TokenFactory.payload())
        #expect(TokenFactory.rejection(token)?.message.contains("algorithm that is not accepted") == true)
    }

    @Test(arguments: [JWTAlgorithm.hs384, .hs512])
    func otherHMACRejectedWhenOnlyHS256Accepted(algorithm: JWTAlgorithm) {
        // Correctly signed with the shared secret, but HS256 is the only configured algorithm.
        let token = TokenFactory.token(
            header: #"{"alg":"\#(algorithm.name)"}"#,
            payload: TokenFactory.payload(),
            algorithm: algorithm
        )
        #expect(TokenFactory.rejection(token)?.message.contains("algorithm that is not accepted") == true)
    }

    @Test func otherHMACAcceptedWhenConfigured() throws {
        let secret = Secret(TokenFactory.secret.reveal() + TokenFactory.otherSecret.reveal())
        let keys = try JWTKeySet(current: secret, acceptedAlgorithms: Set(JWTAlgorithm.allCases))
        let verifier = JWTVerifier(keys: keys)
        for algorithm in JWTAlgorithm.allCases {
            let token = TokenFactory.token(
                header: #"{"alg":"\#(algorithm.name)"}"#,
                payload: TokenFactory.payload(),
                algorithm: algorithm,
                key: keys.signingKey
            )
            #expect(TokenFactory.rejection(token, verifier: verifier) == nil, "\(algorithm)")
        }
    }

    @Test func publicKeyAsHMACSecretRejected() {
        // RS256 to HS256 confusion: an HMAC keyed with a PEM public key verifies nowhere,
        // because the configured secret is the only key.
        let pem = Array(
            "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n".utf8
        )
        let token = TokenFactory.token(header: #"{"alg":"HS256"}"#, payload: TokenFactory.payload(), key: pem)
        #expect(TokenFactory.rejection(token)?.message.contains("signature does not match") == true)
    }

    @Test(arguments: [
        "../../dev/null", "/dev/null", "' OR '1'='1", "$(reboot)", "", String(repeating: "k", count: 4000),
    ])
    func kidNeverChoosesKey(kid: String) {
        // Signed with the key 0x00, which HMAC treats like the empty key a `/dev/null` lookup
        // would give, and with an attacker's key.
        let header = #"{"alg":"HS256","kid":"\#(kid)"}"#
        for key in [[0], Array("attacker-controlled-key-attacker-controlled".utf8)] as [[UInt8]] {
            let token = TokenFactory.token(header: header, payload: TokenFactory.payload(), key: key)
            #expect(TokenFactory.rejection(token)?.message.contains("signature does not match") == true)
        }
        // With the right key the kid is irrelevant.
        let good = TokenFactory.token(header: header, payload: TokenFactory.payload())
        #expect(TokenFactory.rejection(good) == nil)
    }

    @Test func kidMustBeString() {
        let token = TokenFactory.token(header: #"{"alg":"HS256","kid":7}"#, payload: TokenFactory.payload())
        #expect(TokenFactory.rejection(token)?.message.contains("'kid' must be a string") == true)
    }

    @Test(arguments: [
        #""jku":"https://attacker.example/jwks.json""#,
        #""x5u":"https://attacker.example/cert.pem""#,
        #""jwk":{"kty":"oct","k":"AAAA"}"#,
        #""x5c":["MIIB"]"#,
        #""crit":["b64"],"b64":false"#,
        #""crit":[]"#,
        #""crit":["exp"]"#,
        #""crit":"b64""#,
        #""crit":["urn:example:unknown"],"urn:example:unknown":true"#,
        #""crit":["x-nornicdb"]"#,
        #""b64":false"#,
        #""zip":"DEF""#,
        #""cty":"JWT""#,
    ])
    func dangerousHeaderParametersRejected(member: String) {
        // A valid MAC under the configured key: the header alone must cause the rejection.
        let token = TokenFactory.token(header: #"{"alg":"HS256","# + member + "}", payload: TokenFactory.payload())
        #expect(TokenFactory.rejection(token)?.message.contains("is not accepted") == true, "\(member)")
    }

    @Test(arguments: ["JWT", "jwt", "application/jwt", "Application/JWT"])
    func typJWTAccepted(typ: String) {
        let token = TokenFactory.token(header: #"{"alg":"HS256","typ":"\#(typ)"}"#, payload: TokenFactory.payload())
        #expect(TokenFactory.rejection(token) == nil)
    }

    @Test(arguments: [#""JWS""#, #""at+jwt""#, #""""#, "1", "null"])
    func typOtherRejected(typ: String) {
        let token = TokenFactory.token(header: #"{"alg":"HS256","typ":\#(typ)}"#, payload: TokenFactory.payload())
        #expect(TokenFactory.rejection(token)?.message.contains("'typ' must be JWT") == true)
    }

    @Test func emptyKeyNeverVerifies() {
        // HMAC pads keys with zero bytes, so a MAC under the key 0x00 equals one under the empty
        // key that a `/dev/null` key lookup would give.
        let token = TokenFactory.token(header: #"{"alg":"HS256"}"#, payload: TokenFactory.payload(), key: [0])
        #expect(TokenFactory.rejection(token)?.message.contains("signature does not match") == true)
        #expect(throws: JWTConfigurationError.self) { try JWTKeySet(currentKey: []) }
    }
}
