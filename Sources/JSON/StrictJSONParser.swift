/// A JSON parser (RFC 8259) that is stricter than Foundation's where security needs it.
///
/// It rejects duplicate member names (after unescaping, so `"a"` and `"\u0061"` collide),
/// invalid UTF-8, lone surrogate escapes, unescaped control characters, a byte-order mark and
/// anything after the top-level value. Nesting deeper than `maximumDepth` is rejected before it
/// can exhaust the stack. The caller bounds the input size.
public struct StrictJSONParser {
    /// The deepest nesting of arrays and objects accepted; a JWT header or claims set needs 2-3.
    public static let defaultMaximumDepth = 16

    private let bytes: [UInt8]
    private let maximumDepth: Int
    private var index = 0

    private init(_ bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON value that fills the whole input, surrounding whitespace aside.
    public static func parse(
        _ bytes: [UInt8],
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> JSONValue {
        var parser = StrictJSONParser(bytes, maximumDepth: maximumDepth)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw JSONParseError(reason: .trailingData, offset: parser.index) }
        return value
    }

    /// Parses input that must be exactly one JSON object, as a JOSE header or claims set is.
    public static func parseObject(
        _ bytes: [UInt8],
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> [String: JSONValue] {
        guard case .object(let members) = try parse(bytes, maximumDepth: maximumDepth) else {
            throw JSONParseError(reason: .notAnObject, offset: 0)
        }
        return members
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard let byte = peek() else { throw failure(.unexpectedEnd) }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure(.unexpectedByte)
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maximumDepth else { throw failure(.tooDeep) }
        index += 1  // the opening brace
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure(peek() == nil ? .unexpectedEnd : .unexpectedByte) }
            let nameOffset = index
            let name = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            let value = try parseValue(depth: depth)
            guard members.updateValue(value, forKey: name) == nil else {
                throw JSONParseError(reason: .duplicateMember, offset: nameOffset)
            }
            skipWhitespace()
            guard let next = next() else { throw failure(.unexpectedEnd) }
            if next == UInt8(ascii: "}") { return .object(members) }
            guard next == UInt8(ascii: ",") else { throw JSONParseError(reason: .unexpectedByte, offset: index - 1) }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maximumDepth else { throw failure(.tooDeep) }
        index += 1  // the opening bracket
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard let next = next() else { throw failure(.unexpectedEnd) }
            if next == UInt8(ascii: "]") { return .array(elements) }
            guard next == UInt8(ascii: ",") else { throw JSONParseError(reason: .unexpectedByte, offset: index - 1) }
        }
    }

    // MARK: Strings

    private mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1  // the opening quote
        var output: [UInt8] = []
        while true {
            guard let byte = next() else { throw failure(.unexpectedEnd) }
            switch byte {
            case UInt8(ascii: "\""):
                // Raw bytes were copied unchecked, so validate the UTF-8 of the whole string here.
                guard let text = String(validating: output, as: UTF8.self) else {
                    throw JSONParseError(reason: .invalidString, offset: start)
                }
                return text
            case UInt8(ascii: "\\"):
                try parseEscape(into: &output)
            case 0x00..<0x20:
                throw JSONParseError(reason: .invalidString, offset: index - 1)
            default:
                output.append(byte)
            }
        }
    }

    private mutating func parseEscape(into output: inout [UInt8]) throws(JSONParseError) {
        guard let byte = next() else { throw failure(.unexpectedEnd) }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"): output.append(contentsOf: try parseUnicodeEscape())
        default: throw JSONParseError(reason: .invalidString, offset: index - 1)
        }
    }

    /// Decodes `XXXX` after `\u`, joining a surrogate pair; a lone surrogate is invalid.
    private mutating func parseUnicodeEscape() throws(JSONParseError) -> [UInt8] {
        let offset = index
        let high = try parseHexQuad()
        var scalarValue = high
        if (0xD800...0xDBFF).contains(high) {
            guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else {
                throw JSONParseError(reason: .invalidString, offset: offset)
            }
            let low = try parseHexQuad()
            guard (0xDC00...0xDFFF).contains(low) else { throw JSONParseError(reason: .invalidString, offset: offset) }
            scalarValue = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(scalarValue) else {
            throw JSONParseError(reason: .invalidString, offset: offset)
        }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func parseHexQuad() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = next() else { throw failure(.unexpectedEnd) }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONParseError(reason: .invalidString, offset: index - 1)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    // MARK: Numbers

    /// Parses `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, the only number form JSON has.
    ///
    /// A number without fraction or exponent that fits in `Int64` becomes an integer, so clients
    /// can send Cypher integers. Any other number becomes a double.
    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        var integral = true
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            guard skipDigits() > 0 else { throw JSONParseError(reason: .invalidNumber, offset: start) }
        }
        if peek() == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard skipDigits() > 0 else { throw JSONParseError(reason: .invalidNumber, offset: start) }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            integral = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw JSONParseError(reason: .invalidNumber, offset: start) }
        }
        let lexeme = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let value = Int64(lexeme) { return .integer(value) }
        guard let value = Double(lexeme) else { throw JSONParseError(reason: .invalidNumber, offset: start) }
        return .number(value)
    }

    private mutating func skipDigits() -> Int {
        let start = index
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        return index - start
    }

    // MARK: Bytes

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        guard let actual = next() else { throw failure(.unexpectedEnd) }
        guard actual == byte else { throw JSONParseError(reason: .unexpectedByte, offset: index - 1) }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected { try expect(byte) }
    }

    private func failure(_ reason: JSONParseError.Reason) -> JSONParseError {
        JSONParseError(reason: reason, offset: index)
    }
}
