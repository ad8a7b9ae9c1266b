import Host
import Testing

@testable import JWTAuth

@Suite("JWT encoding attacks")
struct EncodingAttackTests {
    static let valid = TokenFactory.token(payload: TokenFactory.payload())

    static var parts: [String] { valid.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }

    @Test func validTokenAccepted() throws {
        let claims = try TokenFactory.verifier().verify(Self.valid, now: TokenFactory.now)
        #expect(claims.subject == "alice")
        #expect(claims.roles == ["editor"])
    }

    @Test func partCountRejected() {
        let p = Self.parts
        let variants = [
            p[0] + "." + p[1],
            p[0] + "." + p[1] + "." + p[2] + "." + p[2],
            p[0] + "." + p[1] + "." + p[2] + ".",
            p[0] + "." + p[1] + "." + p[2] + ".." + p[2] + "." + p[2],
            p[0],
            "",
        ]
        for token in variants {
            #expect(TokenFactory.rejection(token)?.message.contains("exactly three parts") == true, "\(token.count)")
        }
    }

    @Test func emptySegmentsRejected() {
        let p = Self.parts
        for token in ["." + p[1] + "." + p[2], p[0] + ".." + p[2], p[0] + "." + p[1] + ".", ".."] {
            #expect(TokenFactory.rejection(token)?.message.contains("part of the token is empty") == true)
        }
    }

    @Test func paddingRejected() {
        // Pad each part with `=` as standard base64 would, and sign the padded bytes, so that the
        // padding rule alone rejects the token.
        let p = Self.parts
        for index in 0..<3 {
            var padded = p
            padded[index] += String(repeating: "=", count: max((4 - p[index].count % 4) % 4, 1))
            let input = padded[0] + "." + padded[1]
            let mac = JWTAlgorithm.hs256.mac(key: TokenFactory.signingKey, message: Array(input.utf8))
            let token = input + "." + (index == 2 ? padded[2] : Base64URL.encode(mac))
            let error = TokenFactory.rejection(token)
            #expect(error?.message.contains("canonical unpadded base64url") == true, "part \(index)")
        }
    }

    @Test func standardAlphabetRejected() {
        // A payload of bytes 0xFB 0xFF encodes to `-_8` in base64url and `+/8` in base64.
        let header = Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8))
        for payload in ["+/8", "-_8"] {
            let input = header + "." + payload
            let token =
                input + "."
                + Base64URL.encode(JWTAlgorithm.hs256.mac(key: TokenFactory.signingKey, message: Array(input.utf8)))
            let error = TokenFactory.rejection(token)
            if payload.hasPrefix("+") {
                #expect(error?.message.contains("payload is not canonical") == true)
            } else {
                #expect(error?.message.contains("payload is not a JSON claims set") == true)
            }
        }
    }

    @Test(arguments: [" ", "\n", "\r\n", "\t", "\u{00A0}"])
    func whitespaceRejected(space: String) {
        let p = Self.parts
        let variants = [
            space + Self.valid, Self.valid + space,
            p[0] + space + "." + p[1] + "." + p[2],
            p[0] + "." + String(p[1].prefix(5)) + space + String(p[1].dropFirst(5)) + "." + p[2],
            p[0] + "." + p[1] + "." + space + p[2],
        ]
        for token in variants {
            #expect(TokenFactory.rejection(token)?.isUnauthorized == true)
        }
    }

    @Test func nonCanonicalTrailingBitsRejected() {
        // The signature is 32 bytes in 43 characters; the last carries 2 unused bits.
        let p = Self.parts
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let last = p[2].last!
        let index = alphabet.firstIndex(of: last)!
        for offset in 1...3 {
            let altered = String(p[2].dropLast()) + String(alphabet[index + offset])
            let error = TokenFactory.rejection(p[0] + "." + p[1] + "." + altered)
            #expect(error?.message.contains("signature is not canonical") == true)
        }
    }

    @Test func invalidUTF8Rejected() {
        // 0xC3 0x28 is an invalid two-byte sequence, in the header and in a claim value.
        let input = Base64URL.encode([0x7B, 0x22, 0x61, 0x6C, 0x67, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D])
        #expect(TokenFactory.rejection(input + "." + Self.parts[1] + "." + Self.parts[2])?.isUnauthorized == true)
        var payload = Array(#"{"sub":"x"#.utf8)
        payload += [0xC3, 0x28]
        payload += Array(#"","exp":1700003600}"#.utf8)
        let header = Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8))
        let signingInput = header + "." + Base64URL.encode(payload)
        let token =
            signingInput + "."
            + Base64URL.encode(JWTAlgorithm.hs256.mac(key: TokenFactory.signingKey, message: Array(signingInput.utf8)))
        #expect(TokenFactory.rejection(token)?.message.contains("payload is not a JSON claims set") == true)
    }

    @Test(arguments: ["[]", #""text""#, "null", "42", "true", #"{"alg":"HS256"} x"#, #"{"alg":"HS256"}{}"#, "{"])
    func nonObjectHeaderRejected(header: String) {
        let token = TokenFactory.token(header: header, payload: TokenFactory.payload())
        #expect(TokenFactory.rejection(token)?.message.contains("header is not a valid JSON object") == true)
    }

    @Test(arguments: [
        "[]", #""alice""#, "null", "1700003600", TokenFactory.payload() + " garbage", TokenFactory.payload() + "}", "",
    ])
    func nonObjectPayloadRejected(payload: String) {
        let token = TokenFactory.token(payload: payload)
        #expect(TokenFactory.rejection(token)?.isUnauthorized == true)
    }

    @Test func duplicateHeaderMemberRejected() {
        // A lenient parser keeping the last `alg` would see HS256 here; keeping the first, none.
        let token = TokenFactory.token(header: #"{"alg":"none","alg":"HS256"}"#, payload: TokenFactory.payload())
        #expect(TokenFactory.rejection(token)?.message.contains("duplicate member") == true)
        let escaped = TokenFactory.token(
            header: #"{"alg":"HS256","\u0061lg":"HS256"}"#,
            payload: TokenFactory.payload()
        )
        #expect(TokenFactory.rejection(escaped)?.message.contains("duplicate member") == true)
    }

    @Test func duplicatePayloadMemberRejected() {
        let payloads = [
            TokenFactory.payload(#","sub":"admin""#),
            TokenFactory.payload(#","exp":9999999999"#),
            TokenFactory.payload(#","roles":["admin"]"#),
        ]
        for payload in payloads {
            let token = TokenFactory.token(payload: payload)
            #expect(TokenFactory.rejection(token)?.message.contains("duplicate member") == true)
        }
    }

    @Test func hugeTokenRejectedFast() {
        let huge = String(repeating: "A", count: 1 << 20)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(
                TokenFactory.rejection(huge + "." + huge + "." + huge)?.message.contains("longer than 16384") == true
            )
        }
        #expect(elapsed < .seconds(1))
    }

    @Test func deepNestingRejected() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let token = TokenFactory.token(payload: TokenFactory.payload(#","x":"# + deep))
        #expect(TokenFactory.rejection(token)?.message.contains("nested too deeply") == true)
    }

    @Test func longKidWithinLimitAccepted() {
        let kid = String(repeating: "k", count: 8000)
        let token = TokenFactory.token(header: #"{"alg":"HS256","kid":"\#(kid)"}"#, payload: TokenFactory.payload())
        #expect(TokenFactory.rejection(token) == nil)
    }

    @Test func everyTruncationRejected() {
        // Every proper prefix, and every token with one character removed, fails cleanly.
        let token = Self.valid
        for length in 0..<token.count {
            #expect(TokenFactory.rejection(String(token.prefix(length)))?.isUnauthorized == true, "prefix \(length)")
        }
        let characters = Array(token)
        for index in characters.indices {
            var shortened = characters
            shortened.remove(at: index)
            #expect(TokenFactory.rejection(String(shortened))?.isUnauthorized == true, "without \(index)")
        }
    }

    @Test func everySingleByteChangeRejected() {
        let characters = Array(Self.valid)
        for index in characters.indices where characters[index] != "." {
            var changed = characters
            changed[index] = characters[index] == "A" ? "B" : "A"
            #expect(TokenFactory.rejection(String(changed)) != nil, "at \(index)")
        }
    }

    @Test func messagesNeverEchoToken() {
        let token = TokenFactory.token(header: #"{"alg":"none"}"#, payload: TokenFactory.payload())
        let error = TokenFactory.rejection(token)
        #expect(error?.message.contains(Self.parts[1]) == false)
        #expect(error?.message.contains("alice") == false)
    }
}
