import Host
import Testing

@testable import JWTAuth

/// Keys and hand-built tokens for the tests; tokens are signed with the raw HMAC so that
/// headers the signer would never write (attacks) still carry a valid MAC.
enum TokenFactory {
    /// A fixed 48-byte secret that passes the strength checks.
    static let secret: Secret = "q3Vd8pX2mLr7Tz9KbN4wYc6Hf1Gj5Sa0Ue8Ri2Oo7Pl3Mk9E"
    static let otherSecret: Secret = "Zx7Cv2Bn5Mq8Wr1Ty4Ui6Op9As3Df0Gh7Jk2Lz5Xc8Vb1Nm4"
    static let now: Int64 = 1_700_000_000

    static func keys(_ algorithm: JWTAlgorithm = .hs256) -> JWTKeySet {
        // 64 bytes, long enough for HS512 as RFC 7518 requires.
        let secret = Secret(Self.secret.reveal() + Self.otherSecret.reveal().prefix(16))
        return try! JWTKeySet(current: secret, signingAlgorithm: algorithm)
    }

    static func verifier(_ policy: JWTVerifier.Policy = .init()) -> JWTVerifier {
        JWTVerifier(keys: keys(), policy: policy)
    }

    static func key(base64url text: String) -> [UInt8] { Base64URL.decode(text)! }

    static var signingKey: [UInt8] { keys().signingKey }

    /// Builds `b64(header).b64(payload).b64(HMAC)` from raw JSON text.
    static func token(
        header: String = #"{"alg":"HS256","typ":"JWT"}"#,
        payload: String,
        algorithm: JWTAlgorithm = .hs256,
        key: [UInt8] = signingKey
    ) -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        return input + "." + Base64URL.encode(algorithm.mac(key: key, message: Array(input.utf8)))
    }

    /// A claims set that is valid at ``now``, with extra members appended as raw JSON.
    static func payload(_ extra: String = "") -> String {
        #"{"sub":"alice","roles":["editor"],"iat":1699999000,"exp":1700003600"# + extra + "}"
    }

    /// Verifies and returns the error, or nil when the token was accepted.
    static func rejection(
        _ token: String,
        verifier: JWTVerifier = verifier(),
        now: Int64 = now
    ) -> ServerError? {
        do {
            _ = try verifier.verify(token, now: now)
            return nil
        } catch {
            return error
        }
    }
}

extension ServerError {
    var isUnauthorized: Bool { status == .unauthorized }
}
