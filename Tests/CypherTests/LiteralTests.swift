import Cypher
import Host
import Testing

@Suite struct LiteralTests {
    @Test(arguments: [
        ("1", Int64(1)), ("0", 0), ("-0", 0), ("9223372036854775807", .max), ("-9223372036854775808", .min),
        ("0x1", 1), ("0x162CD4F6", 0x162C_D4F6), ("-0x8000000000000000", .min), ("0x7FFFFFFFFFFFFFFF", .max),
        ("0o1", 1), ("0o2613152366", 0o2613152366), ("-0o1000000000000000000000", .min), ("-372036854", -372_036_854),
    ])
    func integers(text: String, value: Int64) throws {
        #expect(try parseExpression(text) == integer(value))
    }

    @Test(arguments: [
        "9223372036854775808", "-9223372036854775809", "0x8000000000000000", "-0x8000000000000001",
        "0o1000000000000000000000", "9223372h54775808", "0x", "0x1A2b3j4D5E6f7", "0o", "1e", "1.5x", "0o8",
    ])
    func invalidNumbers(text: String) {
        #expect(parseError("RETURN \(text)")?.status == .syntaxError)
    }

    @Test(arguments: [
        ("1.5", 1.5), (".5", 0.5), ("1e3", 1000), ("1E-3", 0.001), ("3.0e+2", 300), ("0.0", 0),
    ])
    func floats(text: String, value: Double) throws {
        #expect(try parseExpression(text) == .literal(.float(value)))
    }

    @Test func floatOverflow() {
        #expect(parseError("RETURN 1e400")?.status == .syntaxError)
    }

    @Test func infinityAndNaNAreNames() throws {
        #expect(try parseExpression("Inf") == variable("Inf"))
        #expect(try parseExpression("NaN") == variable("NaN"))
    }

    @Test(arguments: [
        (#"'a'"#, "a"), (#""a""#, "a"), (#"''"#, ""), (#"'\''"#, "'"), (#""\"""#, "\""), (#"'\\'"#, "\\"),
        (#"'\n\t\r\b\f'"#, "\n\t\r\u{8}\u{C}"), (#"'\u01FF'"#, "\u{01FF}"), (#"'\U0001F600'"#, "\u{1F600}"),
        (#"'\uD83D\uDE00'"#, "\u{1F600}"), (#""'""#, "'"), (#"'"'"#, "\""),
        ("'🧐🍌❖⋙⚐'", "🧐🍌❖⋙⚐"), (#"'a\\bcn5t\'"\\//\\"\''"#, #"a\bcn5t'"\//\"'"#),
    ])
    func strings(text: String, value: String) throws {
        #expect(try parseExpression(text) == string(value))
    }

    @Test func adjacentStringsRejected() {
        // A doubled quote is no escape in Cypher: this is two string literals in a row.
        #expect(parseError("RETURN 'it''s'")?.status == .syntaxError)
    }

    @Test(arguments: [#"'\uH'"#, #"'\u12'"#, "'open", "\"open", #"'\uDC00'"#, #"'\"#])
    func invalidStrings(text: String) {
        #expect(parseError("RETURN \(text)")?.status == .syntaxError)
    }

    @Test func keywordLiterals() throws {
        #expect(try parseExpression("true") == .literal(.boolean(true)))
        #expect(try parseExpression("FALSE") == .literal(.boolean(false)))
        #expect(try parseExpression("Null") == .literal(.null))
    }

    @Test func listsAndMaps() throws {
        #expect(try parseExpression("[]") == .list([]))
        #expect(try parseExpression("[1, 'a', [2]]") == .list([integer(1), string("a"), .list([integer(2)])]))
        #expect(try parseExpression("{}") == .map([]))
        #expect(
            try parseExpression("{a: 1, `b c`: 'x', match: null}")
                == .map([
                    MapEntry(key: "a", value: integer(1)), MapEntry(key: "b c", value: string("x")),
                    MapEntry(key: "match", value: .literal(.null)),
                ])
        )
    }

    @Test func parameters() throws {
        #expect(try parseExpression("$name") == .parameter("name"))
        #expect(try parseExpression("$0") == .parameter("0"))
        #expect(try parseExpression("$`odd name`") == .parameter("odd name"))
    }

    @Test func identifiers() throws {
        #expect(try parseExpression("`a``b`") == variable("a`b"))
        #expect(try parseExpression("`MATCH`") == variable("MATCH"))
        #expect(try parseExpression("café") == variable("café"))
        #expect(try parseExpression("n") != (try parseExpression("N")))
    }

    @Test func comments() throws {
        let query = try parseQuery("MATCH (n) // DELETE n\n/* SET n.x = 1 */ RETURN n")
        #expect(query.first.clauses.count == 2)
        #expect(parseError("RETURN 1 /* open") != nil)
    }

    @Test func unicodeDashRejected() {
        let error = parseError("RETURN 42 — 41")
        #expect(error?.status == .syntaxError)
        #expect(error?.message.contains("U+2014") == true)
    }
}
