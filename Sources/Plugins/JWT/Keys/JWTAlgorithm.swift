internal import COpenSSL

/// The JWS algorithms the server signs and verifies with: HMAC with SHA-2 (RFC 7518 section 3.2).
///
/// Only symmetric algorithms exist here, so an asymmetric `alg` such as RS256 or ES256 can never
/// select a verification path, and a public key can never be used as an HMAC secret.
public enum JWTAlgorithm: String, Sendable, CaseIterable, Hashable {
    case hs256 = "HS256"
    case hs384 = "HS384"
    case hs512 = "HS512"

    /// The `alg` header value, matched case-sensitively as RFC 7515 requires.
    public var name: String { rawValue }

    /// The MAC length in bytes, which is also the shortest key RFC 7518 section 3.2 allows.
    public var digestLength: Int {
        switch self {
        case .hs256: 32
        case .hs384: 48
        case .hs512: 64
        }
    }

    /// Computes the HMAC of `message` under `key` with OpenSSL.
    ///
    /// The key must not be empty, and ``JWTKeySet`` never contains an empty key.
    func mac(key: [UInt8], message: some Collection<UInt8>) -> [UInt8] {
        precondition(!key.isEmpty, "an HMAC key must not be empty")
        let input = Array(message)
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let digest: OpaquePointer? =
            switch self {
            case .hs256: EVP_sha256()
            case .hs384: EVP_sha384()
            case .hs512: EVP_sha512()
            }
        let result = key.withUnsafeBytes { keyBytes in
            input.withUnsafeBytes { inputBytes in
                output.withUnsafeMutableBufferPointer { outputBytes in
                    HMAC(
                        digest,
                        keyBytes.baseAddress,
                        Int32(key.count),
                        inputBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                        input.count,
                        outputBytes.baseAddress,
                        &length
                    )
                }
            }
        }
        // HMAC fails only when OpenSSL cannot allocate. Trapping is safer than returning a MAC
        // that was never computed.
        precondition(result != nil && Int(length) == digestLength, "OpenSSL HMAC failed")
        return Array(output.prefix(digestLength))
    }
}
