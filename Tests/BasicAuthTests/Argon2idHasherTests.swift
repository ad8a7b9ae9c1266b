import BasicAuth
import Host
import Testing

@Suite("Argon2id hasher")
struct Argon2idHasherTests {
    let hasher = Argon2idHasher(parameters: .testing)

    @Test func roundTrip() throws {
        let encoded = try hasher.hash("correct horse battery staple")
        #expect(try hasher.verify("correct horse battery staple", against: encoded))
    }

    @Test func wrongPasswordFalse() throws {
        let encoded = try hasher.hash("correct horse battery staple")
        #expect(try hasher.verify("correct horse battery stapler", against: encoded) == false)
        #expect(try hasher.verify("", against: encoded) == false)
    }

    @Test func phcFormat() throws {
        let encoded = try hasher.hash("pässwörd-ünïcode")
        #expect(encoded.hasPrefix("$argon2id$v=19$m=64,t=1,p=1$"))
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 6)
        // Unpadded standard base64: 16 bytes → 22 characters, 32 bytes → 43 characters.
        #expect(fields[4].count == 22)
        #expect(fields[5].count == 43)
        #expect(try hasher.verify("pässwörd-ünïcode", against: encoded))
    }

    @Test func productionParameters() throws {
        let encoded = try Argon2idHasher().hash("a production password")
        #expect(encoded.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        // A hash made with other parameters still verifies: they are read from the string.
        #expect(try hasher.verify("a production password", against: encoded))
    }

    @Test func saltsDiffer() throws {
        let first = try hasher.hash("same password")
        let second = try hasher.hash("same password")
        #expect(first != second)
        #expect(try hasher.verify("same password", against: first))
        #expect(try hasher.verify("same password", against: second))
    }

    @Test func emptyPasswordHashes() throws {
        let encoded = try hasher.hash("")
        #expect(try hasher.verify("", against: encoded))
        #expect(try hasher.verify("x", against: encoded) == false)
    }

    @Test(arguments: [
        "",
        "not a hash",
        "$argon2id$",
        "$argon2id$v=19$m=64,t=1,p=1$",
        "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$",
        "$argon2id$v=19$m=abc,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
    ])
    func malformedHashThrows(encoded: String) {
        #expect(throws: Argon2Error.self) { try hasher.verify("password", against: encoded) }
    }

    @Test func tamperedHashFalseOrThrows() throws {
        var encoded = try hasher.hash("password-1")
        let last = encoded.removeLast()
        encoded.append(last == "A" ? "B" : "A")
        // A changed hash byte either mismatches or, if it breaks the encoding, fails to decode.
        let result = Result { try hasher.verify("password-1", against: encoded) }
        if case .success(let matches) = result { #expect(matches == false) }
    }

    @Test func errorDescribesCode() {
        let error = Argon2Error(code: -32)
        #expect(error.description.contains("code -32"))
    }
}
