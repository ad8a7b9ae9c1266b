import Host

extension Lexer {
    /// Reads an integer (decimal, `0x` hexadecimal or `0o` octal) or a float with an optional
    /// fraction and exponent. A letter or digit right after the literal makes it invalid.
    mutating func number() throws(ServerError) -> Token {
        let start = position
        var isFloat = false
        if source[position] == UInt8(ascii: "0"), let marker = peek(1), marker | 0x20 == UInt8(ascii: "x") {
            position += 2
            while position < source.count, isHexDigit(source[position]) { position += 1 }
            if position == start + 2 { throw error("Invalid input '0x': expected hexadecimal digits", at: start) }
        } else if source[position] == UInt8(ascii: "0"), let marker = peek(1), marker | 0x20 == UInt8(ascii: "o") {
            position += 2
            while position < source.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(source[position]) {
                position += 1
            }
            if position == start + 2 { throw error("Invalid input '0o': expected octal digits", at: start) }
        } else {
            skipDigits()
            if position < source.count, source[position] == UInt8(ascii: "."), let next = peek(1), isDigit(next) {
                isFloat = true
                position += 1
                skipDigits()
            }
            if position < source.count, source[position] | 0x20 == UInt8(ascii: "e") {
                var digitsAt = position + 1
                if digitsAt < source.count,
                    source[digitsAt] == UInt8(ascii: "-") || source[digitsAt] == UInt8(ascii: "+")
                {
                    digitsAt += 1
                }
                if digitsAt < source.count, isDigit(source[digitsAt]) {
                    isFloat = true
                    position = digitsAt
                    skipDigits()
                }
            }
        }
        let text = String(decoding: source[start..<position], as: UTF8.self)
        if position < source.count, isIdentifierContinue(at: position) {
            throw error("Invalid input '\(text)': invalid number literal", at: start)
        }
        guard isFloat else { return Token(kind: .integer(text), start: start, end: position) }
        guard let value = Double(text), value.isFinite else {
            throw error("Invalid input '\(text)': floating point number is too large", at: start)
        }
        return Token(kind: .float(value), start: start, end: position)
    }

    private mutating func skipDigits() {
        while position < source.count, isDigit(source[position]) { position += 1 }
    }

    private func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }

    /// Reads a single- or double-quoted string with the openCypher escapes.
    ///
    /// The message of a malformed string never quotes its content, because the string may be a password.
    mutating func string() throws(ServerError) -> Token {
        let start = position
        let quote = source[position]
        position += 1
        var scalars = String.UnicodeScalarView()
        var pendingHighSurrogate: UInt32?
        while true {
            guard position < source.count else {
                throw error(
                    "Failed to parse string literal. The query must contain an even number of non-escaped quotes.",
                    at: start
                )
            }
            let byte = source[position]
            if byte == quote {
                position += 1
                break
            }
            if byte != UInt8(ascii: "\\") {
                guard let (scalar, length) = scalar(at: position) else {
                    throw error("Invalid input: the string literal is not valid UTF-8", at: position)
                }
                scalars.append(scalar)
                position += length
                continue
            }
            let escapeStart = position
            guard let escaped = peek(1) else {
                throw error(
                    "Failed to parse string literal. The query must contain an even number of non-escaped quotes.",
                    at: start
                )
            }
            position += 2
            switch escaped {
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "'"): scalars.append("'")
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "b"), UInt8(ascii: "B"): scalars.append("\u{8}")
            case UInt8(ascii: "f"), UInt8(ascii: "F"): scalars.append("\u{C}")
            case UInt8(ascii: "n"), UInt8(ascii: "N"): scalars.append("\n")
            case UInt8(ascii: "r"), UInt8(ascii: "R"): scalars.append("\r")
            case UInt8(ascii: "t"), UInt8(ascii: "T"): scalars.append("\t")
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = escaped == UInt8(ascii: "u") ? 4 : 8
                let value = try unicodeEscape(digits: count, escapeStart: escapeStart)
                if (0xD800...0xDBFF).contains(value) {
                    pendingHighSurrogate = value
                    continue
                }
                var code = value
                if (0xDC00...0xDFFF).contains(value) {
                    guard let high = pendingHighSurrogate else {
                        throw error("Invalid input: unpaired surrogate in a unicode escape", at: escapeStart)
                    }
                    code = 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)
                }
                pendingHighSurrogate = nil
                guard let scalar = Unicode.Scalar(code) else {
                    throw error("Invalid input: invalid unicode escape", at: escapeStart)
                }
                scalars.append(scalar)
                continue
            default:
                // NOTE: openCypher rejects other escapes; this keeps them as written, as lenient
                // readers of regular expressions such as '\d' expect.
                scalars.append("\\")
                position -= 1
            }
            if pendingHighSurrogate != nil {
                throw error("Invalid input: unpaired surrogate in a unicode escape", at: escapeStart)
            }
        }
        if pendingHighSurrogate != nil {
            throw error("Invalid input: unpaired surrogate in a unicode escape", at: start)
        }
        return Token(kind: .string(String(scalars)), start: start, end: position)
    }

    private mutating func unicodeEscape(digits: Int, escapeStart: Int) throws(ServerError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard position < source.count, let digit = hexValue(source[position]) else {
                throw error(
                    "Invalid input: invalid unicode escape, expected \(digits) hexadecimal digits",
                    at: escapeStart
                )
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        if isDigit(byte) { return UInt32(byte - UInt8(ascii: "0")) }
        let lower = byte | 0x20
        if (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(lower) { return UInt32(lower - UInt8(ascii: "a") + 10) }
        return nil
    }
}
