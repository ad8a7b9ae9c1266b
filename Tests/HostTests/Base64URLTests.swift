import Testing

@testable import Host

@Suite struct Base64URLTests {
    @Test(arguments: ["", "f", "fo", "foo", "foob", "fooba", "foobar"])
    func roundTrip(text: String) throws {
        let encoded = Base64URL.encode(Array(text.utf8))
        #expect(!encoded.contains("="))
        #expect(try #require(Base64URL.decode(encoded)) == Array(text.utf8))
    }

    @Test func rejectsNonCanonical() {
        #expect(Base64URL.decode("Zg==") == nil)
        #expect(Base64URL.decode("Zh") == nil)
        #expect(Base64URL.decode("Z") == nil)
        #expect(Base64URL.decode("a+b/") == nil)
        #expect(Base64URL.decode("Zm 9v") == nil)
    }

    @Test func constantTimeEqual() {
        #expect(Crypto.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!Crypto.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!Crypto.constantTimeEqual([1, 2], [1, 2, 3]))
    }

    @Test func secretDescriptionIsRedacted() {
        let secret = Secret("correct horse")
        #expect("\(secret)" == "********")
        #expect(!String(reflecting: secret).contains("horse"))
    }
}

@Suite struct SecretTests {
    @Test func dumpIsRedacted() {
        var output = ""
        dump(Secret("correct horse battery"), to: &output)
        #expect(!output.contains("horse"))
    }
}
