import JSON
import Host

/// A JWS in compact serialization (RFC 7515 section 7.1) whose MAC has been verified.
///
/// This is the layer below JWT: the payload is any byte string. ``JWTVerifier`` adds the claims.
struct JWSCompact {
    /// The protected header, parsed strictly.
    let header: [String: JSONValue]
    let algorithm: JWTAlgorithm
    /// The decoded payload bytes, exactly as signed.
    let payload: [UInt8]

    /// Header parameters whose presence alone rejects the token.
    ///
    /// `jku`, `jwk`, `x5u` and `x5c` carry or point at key material, and honouring them would let
    /// the token choose its own key (RFC 8725 sections 2.9 and 3.10). `crit` lists extensions
    /// that must be understood, and this verifier implements none (RFC 7515 section 4.1.11).
    /// `b64` and `zip` change how the payload is read, and `cty` marks a nested JWT, neither of
    /// which is supported.
    static let rejectedHeaderParameters = ["jku", "jwk", "x5u", "x5c", "crit", "b64", "zip", "cty"]

    /// Parses and verifies `token`.
    ///
    /// The checks run in this order:
    /// 1. three non-empty parts;
    /// 2. a canonical base64url header that is a JSON object with an accepted `alg` and no
    ///    rejected parameter;
    /// 3. a signature of the MAC's length;
    /// 4. the MAC over the received `header.payload` bytes under each key in turn, compared in
    ///    constant time;
    /// 5. the payload's base64url.
    static func verify(_ token: String, keys: JWTKeySet) throws(JWTRejection) -> JWSCompact {
        let parts = token.utf8.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("a JWT has exactly three parts separated by '.'") }
        guard parts.allSatisfy({ !$0.isEmpty }) else { throw .malformed("a part of the token is empty") }

        guard let headerBytes = Base64URL.decode(Substring(parts[0])) else {
            throw .malformed("the header is not canonical unpadded base64url")
        }
        let header: [String: JSONValue]
        do {
            header = try StrictJSONParser.parseObject(headerBytes)
        } catch {
            throw .malformed("the header is not a valid JSON object (\(error))")
        }
        let algorithm = try checkHeader(header, keys: keys)

        guard let signature = Base64URL.decode(Substring(parts[2])) else {
            throw .malformed("the signature is not canonical unpadded base64url")
        }
        guard signature.count == algorithm.digestLength else { throw .badSignature }
        // The MAC covers the received ASCII bytes of `header.payload`; nothing is re-encoded.
        let signingInput = token.utf8.prefix(parts[0].count + 1 + parts[1].count)
        var matched = false
        for key in keys.keys {
            // Every key is tried, so the time taken does not reveal which key matched.
            let expected = algorithm.mac(key: key, message: signingInput)
            if Crypto.constantTimeEqual(expected, signature) { matched = true }
        }
        guard matched else { throw .badSignature }

        guard let payload = Base64URL.decode(Substring(parts[1])) else {
            throw .malformed("the payload is not canonical unpadded base64url")
        }
        return JWSCompact(header: header, algorithm: algorithm, payload: payload)
    }

    private static func checkHeader(
        _ header: [String: JSONValue],
        keys: JWTKeySet
    ) throws(JWTRejection) -> JWTAlgorithm {
        guard case .string(let name)? = header["alg"] else {
            throw .malformed("the header has no string 'alg'")
        }
        // Exact, case-sensitive names only, so `none` in any spelling and every asymmetric
        // algorithm fall through to the rejection.
        guard let algorithm = JWTAlgorithm(rawValue: name), keys.acceptedAlgorithms.contains(algorithm) else {
            throw .unsupportedAlgorithm
        }
        for parameter in rejectedHeaderParameters where header[parameter] != nil {
            throw .malformed("the header parameter '\(parameter)' is not accepted")
        }
        if let type = header["typ"] {
            guard case .string(let text) = type, ["jwt", "application/jwt"].contains(text.lowercased()) else {
                throw .malformed("the header 'typ' must be JWT")
            }
        }
        if let keyID = header["kid"] {
            // The key id is never used to choose a key; it only has to be well-formed.
            guard case .string = keyID else { throw .malformed("the header 'kid' must be a string") }
        }
        return algorithm
    }
}
