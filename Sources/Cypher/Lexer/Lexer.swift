public import Host

/// Splits a Cypher text into tokens: names, keywords, literals, parameters and symbols.
///
/// Comments (`//` to the end of the line, `/* ... */`) and whitespace are dropped. Keywords are
/// not separated from names here, because the parser compares their upper-case form.
struct Lexer {
    let source: [UInt8]
    var position = 0
    private var tokens: [Token] = []

    init(_ text: String) { source = Array(text.utf8) }

    /// Returns every token, ending with one `.end` token.
    mutating func tokenize() throws(ServerError) -> [Token] {
        while true {
            try skipWhitespaceAndComments()
            guard position < source.count else { break }
            tokens.append(try nextToken())
        }
        tokens.append(Token(kind: .end, start: source.count, end: source.count))
        return tokens
    }

    private mutating func skipWhitespaceAndComments() throws(ServerError) {
        while position < source.count {
            let byte = source[position]
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                position += 1
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                while position < source.count, source[position] != 0x0A { position += 1 }
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                let start = position
                position += 2
                while position < source.count, !(source[position] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/"))
                {
                    position += 1
                }
                guard position < source.count else {
                    throw error("Failed to parse comment. A comment starting with '/*' must end with '*/'", at: start)
                }
                position += 2
            } else if byte >= 0x80, let (scalar, length) = scalar(at: position), scalar.properties.isWhitespace {
                position += length
            } else {
                return
            }
        }
    }

    private mutating func nextToken() throws(ServerError) -> Token {
        let start = position
        let byte = source[position]
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        case UInt8(ascii: "."):
            if let next = peek(1), isDigit(next) {
                return try number()
            }
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return try string()
        case UInt8(ascii: "`"):
            let name = try quotedName()
            return Token(kind: .quotedIdentifier(name), start: start, end: position)
        case UInt8(ascii: "$"):
            return try parameter()
        default:
            if isIdentifierStart(at: position) {
                let name = identifier()
                return Token(kind: .identifier(name, upper: name.uppercased()), start: start, end: position)
            }
        }
        return try symbol()
    }

    private mutating func symbol() throws(ServerError) -> Token {
        let start = position
        let twoCharacter = ["..", "<=", ">=", "<>", "=~", "+=", "!="]
        if position + 1 < source.count {
            let pair = String(decoding: source[position..<position + 2], as: UTF8.self)
            if twoCharacter.contains(pair) {
                position += 2
                return Token(kind: .symbol(pair), start: start, end: position)
            }
        }
        let single = "()[]{},.:|;=<>+-*/%^&!"
        let byte = source[position]
        if byte < 0x80, single.utf8.contains(byte) {
            position += 1
            return Token(kind: .symbol(String(UnicodeScalar(byte))), start: start, end: position)
        }
        let described: String
        if let (scalar, _) = scalar(at: position) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            described = "'\(Character(scalar))' (U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex))"
        } else {
            described = "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }
        throw error("Invalid input \(described): unexpected character", at: start)
    }

    private mutating func parameter() throws(ServerError) -> Token {
        let start = position
        position += 1
        if position < source.count, source[position] == UInt8(ascii: "`") {
            let name = try quotedName()
            return Token(kind: .parameter(name), start: start, end: position)
        }
        let nameStart = position
        while position < source.count, isIdentifierContinue(at: position) {
            position += scalar(at: position)?.1 ?? 1
        }
        guard position > nameStart else {
            throw error("Invalid input '$': expected a parameter name", at: start)
        }
        let name = String(decoding: source[nameStart..<position], as: UTF8.self)
        return Token(kind: .parameter(name), start: start, end: position)
    }

    /// Reads a backquoted name, in which a doubled backquote stands for one.
    private mutating func quotedName() throws(ServerError) -> String {
        let start = position
        position += 1
        var bytes: [UInt8] = []
        while true {
            guard position < source.count else {
                throw error("Failed to parse identifier. A name starting with '`' must end with '`'", at: start)
            }
            let byte = source[position]
            position += 1
            if byte == UInt8(ascii: "`") {
                if position < source.count, source[position] == UInt8(ascii: "`") {
                    bytes.append(byte)
                    position += 1
                } else {
                    break
                }
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func identifier() -> String {
        let start = position
        while position < source.count, isIdentifierContinue(at: position) {
            position += scalar(at: position)?.1 ?? 1
        }
        return String(decoding: source[start..<position], as: UTF8.self)
    }

    // MARK: - Characters

    func peek(_ distance: Int) -> UInt8? {
        position + distance < source.count ? source[position + distance] : nil
    }

    func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    func isIdentifierStart(at offset: Int) -> Bool {
        let byte = source[offset]
        if byte < 0x80 {
            return (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
        }
        guard let (scalar, _) = scalar(at: offset) else { return false }
        return scalar.properties.isXIDStart
    }

    func isIdentifierContinue(at offset: Int) -> Bool {
        let byte = source[offset]
        if byte < 0x80 {
            return isIdentifierStart(at: offset) || isDigit(byte)
        }
        guard let (scalar, _) = scalar(at: offset) else { return false }
        return scalar.properties.isXIDContinue
    }

    /// Decodes the scalar starting at `offset` and returns it with its UTF-8 length.
    func scalar(at offset: Int) -> (Unicode.Scalar, Int)? {
        var iterator = source[offset...].makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
        return (scalar, UTF8.width(scalar))
    }

    func error(_ message: String, at offset: Int) -> ServerError {
        ServerError(.syntaxError, "\(message) \(SourcePosition(offset: offset, in: source))")
    }
}
