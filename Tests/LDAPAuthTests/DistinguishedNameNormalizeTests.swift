import Testing

@testable import LDAPAuth

/// `DistinguishedName.normalize`, which group DNs from the directory and from the settings pass
/// through before they are compared.
@Suite struct DistinguishedNameNormalizeTests {
    static let canonical = "cn=graph-admins,ou=groups,dc=example,dc=org"

    @Test(
        arguments: [
            "cn=graph-admins,ou=groups,dc=example,dc=org",
            "cn=graph-admins, ou=groups, dc=example, dc=org",
            "CN=Graph-Admins,OU=Groups,DC=Example,DC=Org",
            "cn = graph-admins , ou = groups , dc = example , dc = org",
            "cn=graph\\2Dadmins,ou=groups,dc=example,dc=org",
            "cn=\\67raph-admins,ou=groups,dc=example,dc=org",
        ]
    )
    func spellingsCompareEqual(text: String) {
        #expect(DistinguishedName.normalize(text) == Self.canonical)
    }

    @Test func hexAndCharacterEscapesCompareEqual() throws {
        let hex = try #require(DistinguishedName.normalize("cn=a\\2Cb,dc=org"))
        let character = try #require(DistinguishedName.normalize("cn=a\\,b,dc=org"))
        let quoteHex = try #require(DistinguishedName.normalize("cn=a\\22b,dc=org"))
        let quoteCharacter = try #require(DistinguishedName.normalize("cn=a\\\"b,dc=org"))
        #expect(hex == character)
        #expect(quoteHex == quoteCharacter)
        #expect(hex != quoteHex)
    }

    @Test func escapedCommaStaysInValue() throws {
        let escaped = try #require(DistinguishedName.normalize("cn=a\\,ou=b,dc=org"))
        let twoComponents = try #require(DistinguishedName.normalize("cn=a,ou=b,dc=org"))
        #expect(escaped != twoComponents)
    }

    @Test func differentDNsDiffer() {
        #expect(DistinguishedName.normalize("cn=a,dc=org") != DistinguishedName.normalize("cn=b,dc=org"))
        #expect(DistinguishedName.normalize("cn=a,dc=org") != DistinguishedName.normalize("cn=a,ou=x,dc=org"))
        #expect(DistinguishedName.normalize("cn=a,dc=org") != DistinguishedName.normalize("uid=a,dc=org"))
    }

    @Test func unicodeValueKept() throws {
        let normalized = try #require(DistinguishedName.normalize("cn=Jürgen,dc=example"))
        #expect(DistinguishedName.normalize("cn=jürgen,dc=example") == normalized)
        #expect(DistinguishedName.normalize("cn=jurgen,dc=example") != normalized)
    }

    @Test(
        arguments: [
            "", "not a dn", "cn", "=value", "cn=a,", ",cn=a", "cn=a,,dc=b", "cn=\\", "cn=a\\zz", "cn=\"unclosed",
            "1cn=a", "cn=a;;", "(uid=alice)", "cn=a,dc",
        ]
    )
    func garbageIsNil(text: String) {
        #expect(DistinguishedName.normalize(text) == nil, "\(DistinguishedName.normalize(text) ?? "nil")")
    }

    @Test func prefixesNeverCrash() {
        let dn = "CN=Graph\\2C Admins+UID=x\\\"y, OU=Gröups,DC=example ,DC=org"
        let characters = Array(dn)
        for length in 0...characters.count {
            let prefix = String(characters[..<length])
            if let normalized = DistinguishedName.normalize(prefix) {
                #expect(!normalized.isEmpty, "\(prefix)")
            }
        }
        let bytes = Array(dn.utf8)
        for length in 0...bytes.count {
            // Cutting inside a multi-byte character gives invalid UTF-8, which String(decoding:) turns into U+FFFD.
            let prefix = String(decoding: bytes[..<length], as: UTF8.self)
            _ = DistinguishedName.normalize(prefix)
        }
        for start in 0...characters.count {
            _ = DistinguishedName.normalize(String(characters[start...]))
        }
        #expect(DistinguishedName.normalize(dn) != nil)
    }

    @Test func randomTextNeverCrashes() {
        var generator = SplitMix64(seed: 0x444E)
        let alphabet: [Character] = ["c", "n", "=", ",", "+", "\\", "\"", " ", "#", "2", "C", ";", "<", ">", "é"]
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 24)
            var text = ""
            for _ in 0..<length { text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            if let normalized = DistinguishedName.normalize(text) {
                #expect(DistinguishedName.normalize(normalized) == normalized, "\(text)")
            }
        }
    }
}
