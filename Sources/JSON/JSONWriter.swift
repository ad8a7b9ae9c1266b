extension JSONValue {
    /// The value as compact JSON text in UTF-8 (RFC 8259).
    ///
    /// Object members are written in ascending order of their names, so equal values always give
    /// equal text. A double that is not finite has no JSON form and is written as `null`.
    public var serialized: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(into: &output)
        return output
    }

    /// The value as compact JSON text, as ``serialized`` writes it.
    public var text: String { String(decoding: serialized, as: UTF8.self) }

    /// Appends the JSON text of the value to `output`.
    public func write(into output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let value):
            output.append(contentsOf: String(value).utf8)
        case .number(let value):
            output.append(contentsOf: Self.numberText(value).utf8)
        case .string(let text):
            Self.writeString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                element.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (position, name) in members.keys.sorted().enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(name, into: &output)
                output.append(UInt8(ascii: ":"))
                members[name, default: .null].write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Swift's shortest round-trip form, which is valid JSON for every finite double.
    private static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return value.description
    }

    /// Writes a JSON string, escaping quotes, backslashes and control characters.
    /// Writes a JSON string. Besides what RFC 8259 requires, U+0085, U+2028 and U+2029 are
    /// escaped, since many line-based readers end a line there and JSON-lines logs must not split.
    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // The UTF-8 lead bytes held back while deciding whether they start U+0085 (C2 85) or
        // U+2028/U+2029 (E2 80 A8/A9).
        var held: [UInt8] = []
        for byte in text.utf8 {
            if !held.isEmpty {
                held.append(byte)
                switch (held[0], held.count, byte) {
                case (0xC2, 2, 0x85):
                    output.append(contentsOf: #"\u0085"#.utf8)
                    held = []
                case (0xE2, 2, 0x80):
                    continue
                case (0xE2, 3, 0xA8), (0xE2, 3, 0xA9):
                    output.append(contentsOf: (byte == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                    held = []
                default:
                    output.append(contentsOf: held)
                    held = []
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x00..<0x20:
                let hex = String(byte, radix: 16)
                output.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            case 0xC2, 0xE2: held = [byte]
            default: output.append(byte)
            }
        }
        output.append(contentsOf: held)
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }

    /// Builds an object; a later duplicate name replaces an earlier one.
    public init(dictionaryLiteral members: (String, JSONValue)...) {
        self = .object(Dictionary(members, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// Returns the member named `name` of an object; nil for a missing member or a value that is not an object.
    public subscript(name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[name]
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
