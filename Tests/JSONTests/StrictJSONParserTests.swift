import Testing

@testable import JSON

@Suite("Strict JSON parser")
struct StrictJSONParserTests {
    static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try StrictJSONParser.parse(Array(text.utf8))
    }

    static func reason(_ text: String) -> JSONParseError.Reason? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func valuesParsed() throws {
        let value = try Self.parse(#" {"a":[1,-2.5e3,true,false,null],"b":{"c":"d"},"e":""} "#)
        #expect(
            value
                == .object([
                    "a": .array([.integer(1), .number(-2500), .bool(true), .bool(false), .null]),
                    "b": .object(["c": .string("d")]), "e": .string(""),
                ])
        )
    }

    @Test func escapesDecoded() throws {
        let value = try Self.parse(#""\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("\"\\/\u{8}\u{c}\n\r\té😀"))
    }

    @Test(arguments: [
        #""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#, #""\x41""#, #""\u12""#, "\"a\u{1}b\"", "\"tab\there\"",
        #""abc"#,
    ])
    func invalidStringsRejected(text: String) {
        #expect(Self.reason(text) == .invalidString || Self.reason(text) == .unexpectedEnd, "\(text)")
    }

    @Test func invalidUTF8Rejected() {
        for bytes: [UInt8] in [
            [0x22, 0xC3, 0x28, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xFF, 0x22],
        ] {
            #expect(throws: JSONParseError.self) { try StrictJSONParser.parse(bytes) }
        }
    }

    @Test(arguments: ["01", "-", "1.", ".5", "1e", "+1", "0x10", "NaN", "Infinity", "1.e5", "--1"])
    func invalidNumbersRejected(text: String) {
        #expect(Self.reason(text) != nil, "\(text)")
    }

    @Test func hugeNumberIsInfinite() throws {
        guard case .number(let value) = try Self.parse("1e400") else {
            Issue.record("not a number")
            return
        }
        #expect(value.isInfinite)
    }

    @Test(arguments: [#"{"a":1,"a":1}"#, #"{"a":1,"\u0061":2}"#, #"{"x":{"b":1,"b":2}}"#, #"[{"k":1,"k":1}]"#])
    func duplicatesRejected(text: String) {
        #expect(Self.reason(text) == .duplicateMember)
    }

    @Test(arguments: [#"{"a":1} x"#, "{}{}", "[] ]", "null null", "{},"])
    func trailingDataRejected(text: String) {
        #expect(Self.reason(text) == .trailingData)
    }

    @Test(arguments: ["", " ", "{", "[", #"{"a""#, #"{"a":"#, #"{"a":1"#, "[1,", "tru", "nul"])
    func truncatedRejected(text: String) {
        #expect(Self.reason(text) == .unexpectedEnd || Self.reason(text) == .unexpectedByte, "\(text)")
    }

    @Test(arguments: [#"{"a":1,}"#, "[1,]", "{a:1}", "{'a':1}", "[1 2]", #"{"a" 1}"#, "\u{FEFF}{}", "/*c*/{}"])
    func nonStandardSyntaxRejected(text: String) {
        #expect(Self.reason(text) != nil, "\(text)")
    }

    @Test func depthLimit() throws {
        let atLimit = String(repeating: "[", count: 16) + String(repeating: "]", count: 16)
        _ = try Self.parse(atLimit)
        let over = String(repeating: "[", count: 17) + String(repeating: "]", count: 17)
        #expect(Self.reason(over) == .tooDeep)
        let mixed = String(repeating: #"{"a":["#, count: 9) + String(repeating: "]}", count: 9)
        #expect(Self.reason(mixed) == .tooDeep)
        let huge = String(repeating: "[", count: 100_000)
        #expect(Self.reason(huge) == .tooDeep)
    }

    @Test func objectRequired() {
        #expect(throws: JSONParseError(reason: .notAnObject, offset: 0)) {
            try StrictJSONParser.parseObject(Array("[]".utf8))
        }
    }
}
