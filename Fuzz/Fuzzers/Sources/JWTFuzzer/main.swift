import FuzzSupport
import Host
import JWTAuth

/// The fuzzer's HS256 secret; the corpus's signed seeds need none, since mode 1 signs them here.
let secret = "fuzzing-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOP"
let verifier = JWTVerifier(
    keys: try! JWTKeySet(current: Secret(secret), previous: [Secret(secret.uppercased())]),
    policy: JWTVerifier.Policy(issuer: nil, audience: nil, leeway: 30, requireExpiration: false)
)
let now: Int64 = 1_800_000_000

/// Input: one mode byte, then either a compact token (even modes) or a header and a payload
/// separated by a NUL byte (odd modes), which this signs with the secret above so that the
/// checks after the signature are reached. Modes 0 and 1 verify the whole token, modes 2 and 3
/// only its signature and claims, as revocation does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJWT(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    var input = FuzzInput(data, size)
    let mode = input.byte()
    let rest = input.rest
    let token: String
    if mode & 1 == 0 {
        token = String(decoding: rest, as: UTF8.self)
    } else {
        let separator = rest.firstIndex(of: 0) ?? rest.endIndex
        let header = rest[..<separator]
        let payload = separator < rest.endIndex ? rest[(separator + 1)...] : []
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = Crypto.hmacSHA256(key: Array(secret.utf8), message: Array(signingInput.utf8))
        token = signingInput + "." + Base64URL.encode(signature)
    }
    if mode & 2 == 0 {
        _ = try? verifier.verify(token, now: now)
    } else {
        _ = try? verifier.verifySignature(Secret(token))
    }
    return 0
}

@_cdecl("JWTFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzJWT)
}
