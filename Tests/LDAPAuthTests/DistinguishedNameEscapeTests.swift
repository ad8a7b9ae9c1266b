import Testing

@testable import LDAPAuth

/// RFC 4514 escaping of DN attribute values and RFC 4515 escaping of filter values.
@Suite struct DistinguishedNameEscapeTests {
    @Test(
        arguments: [
            ("alice", "alice"),
            ("a,b", "a\\,b"),
            ("a+b", "a\\+b"),
            ("a\"b", "a\\\"b"),
            ("a\\b", "a\\\\b"),
            ("a<b>c", "a\\<b\\>c"),
            ("a;b", "a\\;b"),
            ("a=b", "a\\=b"),
            ("a\0b", "a\\00b"),
            ("#admin", "\\#admin"),
            ("ad#min", "ad#min"),
            (" alice", "\\ alice"),
            ("alice ", "alice\\ "),
            ("al ice", "al ice"),
            (" ", "\\ "),
            ("", ""),
            ("jürgen", "jürgen"),
            ("日本語", "日本語"),
            ("*)(uid=*", "*)(uid\\=*"),
            ("x,ou=admins,dc=example", "x\\,ou\\=admins\\,dc\\=example"),
        ] as [(String, String)]
    )
    func escapeValue(input: String, expected: String) {
        #expect(DistinguishedName.escapeValue(input) == expected)
    }

    @Test(
        arguments: [
            "alice", "a,b", "a+b", "a\"b", "a\\b", "a<b>c", "a;b", "a=b", "#admin", " alice", "alice ",
            "  two  ", "jürgen", "日本語", "x,ou=admins,dc=example,dc=org", "a\\,b", "\\", ",", "=,+",
            "cn=admin+uid=root", "a\0b", "\0",
        ]
    )
    func escapedValueStaysOneRDN(value: String) throws {
        let escaped = DistinguishedName.escapeValue(value)
        let normalized = try #require(DistinguishedName.normalize("uid=" + escaped + ",dc=x"), "\(escaped)")
        let components = relativeNames(of: normalized)
        #expect(components.count == 2, "\(normalized)")
        #expect(components.last == "dc=x", "\(normalized)")
        let first = try #require(components.first)
        #expect(first.hasPrefix("uid="), "\(normalized)")
        let parsedValue = unescapedValue(String(first.dropFirst("uid=".count)))
        #expect(parsedValue?.lowercased() == value.lowercased(), "\(normalized)")
    }

    @Test(
        arguments: [
            ("alice", "alice"),
            ("*", "\\2a"),
            ("(", "\\28"),
            (")", "\\29"),
            ("\\", "\\5c"),
            ("\0", "\\00"),
            ("*)(uid=*))(|(uid=*", "\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a"),
            ("a\\2a", "a\\5c2a"),
        ] as [(String, String)]
    )
    func escapeFilterValue(input: String, expected: String) {
        // RFC 4515 allows hex digits in either case, so the check compares in lower case.
        #expect(DistinguishedName.escapeFilterValue(input).lowercased() == expected)
    }

    @Test func escapeFilterValueEveryByte() {
        for code in UInt32(0)...255 {
            let scalar = Unicode.Scalar(code)!
            for input in [String(scalar), "a\(scalar)b", "\(scalar)\(scalar)*"] {
                let output = DistinguishedName.escapeFilterValue(input)
                #expect(!output.contains("*"), "U+\(String(code, radix: 16)): \(output)")
                #expect(!output.contains("("), "U+\(String(code, radix: 16)): \(output)")
                #expect(!output.contains(")"), "U+\(String(code, radix: 16)): \(output)")
                #expect(!output.contains("\0"), "U+\(String(code, radix: 16)): \(output)")
                #expect(hasOnlyHexEscapes(output), "U+\(String(code, radix: 16)): \(output)")
                #expect(unescapedFilterBytes(output) == Array(input.utf8), "U+\(String(code, radix: 16))")
            }
        }
    }

    @Test func escapeFilterValueRandomStrings() {
        var generator = SplitMix64(seed: 0x4C44_4150)
        let alphabet: [Unicode.Scalar] = ["*", "(", ")", "\\", "\0", "a", "=", "|", "&", "!", "é", "日", " "]
        for _ in 0..<500 {
            let length = Int(generator.next() % 16)
            var input = ""
            for _ in 0..<length {
                input.unicodeScalars.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
            }
            let output = DistinguishedName.escapeFilterValue(input)
            #expect(!output.contains(where: { "*()".contains($0) }), "\(output)")
            #expect(unescapedFilterBytes(output) == Array(input.utf8), "\(output)")
        }
    }

    /// Splits a normalized DN at the commas that are not escaped.
    private func relativeNames(of dn: String) -> [String] {
        var components: [String] = []
        var current = ""
        var escaped = false
        for character in dn {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "," {
                components.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        components.append(current)
        return components
    }

    /// Decodes the RFC 4514 escapes of an attribute value: `\XX` hex pairs and `\c` for a special
    /// character. Returns nil for a dangling backslash or a value that is not UTF-8.
    private func unescapedValue(_ text: String) -> String? {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            guard utf8[index] == UInt8(ascii: "\\") else {
                bytes.append(utf8[index])
                index += 1
                continue
            }
            guard index + 1 < utf8.count else { return nil }
            if index + 2 < utf8.count, let byte = hexByte(utf8[index + 1], utf8[index + 2]) {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(utf8[index + 1])
                index += 2
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// True when every backslash in a filter value starts a two-digit hex escape.
    private func hasOnlyHexEscapes(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\") {
                guard index + 2 < utf8.count, hexByte(utf8[index + 1], utf8[index + 2]) != nil else { return false }
                index += 3
            } else {
                index += 1
            }
        }
        return true
    }

    /// Decodes the `\XX` escapes of a filter value back into bytes. Other bytes are kept as they are.
    private func unescapedFilterBytes(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\"), index + 2 < utf8.count,
                let byte = hexByte(utf8[index + 1], utf8[index + 2])
            {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return bytes
    }

    private func hexByte(_ high: UInt8, _ low: UInt8) -> UInt8? {
        guard let high = hexDigit(high), let low = hexDigit(low) else { return nil }
        return high << 4 | low
    }

    private func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// A small deterministic generator, so a failing fuzz case repeats on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
