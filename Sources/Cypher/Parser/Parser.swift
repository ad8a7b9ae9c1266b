import Host

/// A recursive-descent parser over the token array of one Cypher text.
///
/// Every recursive rule that can nest (expressions, parenthesized patterns, subqueries, unary
/// operators) passes through ``enter()``, which caps the nesting at ``maximumDepth`` so that
/// hostile input fails with a `SyntaxError` instead of overflowing the stack.
struct Parser {
    /// The deepest nesting of expressions, patterns and subqueries accepted.
    ///
    /// Each level costs about six stack frames; 200 levels stay well inside a 512 KiB thread
    /// stack in debug builds, and real queries nest far less.
    static let maximumDepth = 200

    let source: [UInt8]
    let tokens: [Token]
    /// For each opening bracket token, the index of its closing token, or nil when unbalanced.
    let closingIndex: [Int?]
    var index = 0
    var depth = 0
    /// True once the nesting limit was hit; speculative parses then rethrow instead of retrying.
    var depthExceeded = false
    /// The number of speculative parses in progress; their errors get a cheap message.
    var speculation = 0
    /// True while parsing an administration command, whose tokens may be passwords: error
    /// messages then never quote the input.
    var redactsInput = false

    init(source: [UInt8], tokens: [Token]) {
        self.source = source
        self.tokens = tokens
        var closing = [Int?](repeating: nil, count: tokens.count)
        var open: [Int] = []
        for (position, token) in tokens.enumerated() {
            guard case .symbol(let text) = token.kind else { continue }
            switch text {
            case "(", "[", "{":
                open.append(position)
            case ")", "]", "}":
                if let opening = open.popLast() { closing[opening] = position }
            default:
                break
            }
        }
        closingIndex = closing
    }

    // MARK: - Cursor

    var current: Token { tokens[index] }

    func peek(_ distance: Int) -> Token { tokens[min(index + distance, tokens.count - 1)] }

    /// The end offset of the last consumed token.
    var previousEnd: Int { index > 0 ? tokens[index - 1].end : 0 }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func accept(keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        advance()
        return true
    }

    mutating func accept(symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func expect(keyword: String) throws(ServerError) {
        guard accept(keyword: keyword) else { throw unexpected(expected: "'\(keyword)'") }
    }

    mutating func expect(symbol: String) throws(ServerError) {
        guard accept(symbol: symbol) else { throw unexpected(expected: "'\(symbol)'") }
    }

    /// Consumes a name (unquoted, keywords included, or backquoted); `what` names it in errors.
    mutating func expectName(_ what: String) throws(ServerError) -> String {
        guard let name = current.name else { throw unexpected(expected: what) }
        advance()
        return name
    }

    /// The source text from `start` to the end of the last consumed token.
    func text(from start: Int) -> String {
        let end = max(start, previousEnd)
        return String(decoding: source[start..<end], as: UTF8.self)
    }

    // MARK: - Nesting and speculation

    mutating func enter() throws(ServerError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            depthExceeded = true
            throw error(
                "The query is nested too deeply: at most \(Self.maximumDepth) levels of nested expressions, "
                    + "patterns or subqueries are supported", at: current.start)
        }
    }

    mutating func leave() { depth -= 1 }

    /// Runs `body` and returns its result, or rewinds and returns nil when it throws; errors of
    /// the nesting limit propagate.
    mutating func attempt<T>(_ body: (inout Parser) throws(ServerError) -> T) throws(ServerError) -> T? {
        let savedIndex = index
        let savedDepth = depth
        speculation += 1
        defer { speculation -= 1 }
        do {
            return try body(&self)
        } catch {
            if depthExceeded { throw error }
            index = savedIndex
            depth = savedDepth
            return nil
        }
    }

    // MARK: - Errors

    /// An error for the current token, in Neo4j's form: what was found, what was expected, where.
    func unexpected(expected: String) -> ServerError {
        guard speculation == 0 else { return ServerError(.syntaxError, "speculative parse failed") }
        let token = current
        let found: String
        switch token.kind {
        case .end:
            return error("Invalid input '': expected \(expected)", at: token.start)
        case _ where redactsInput:
            return error("Invalid input: expected \(expected)", at: token.start)
        case .string:
            found = "a string literal"
        case .identifier, .quotedIdentifier, .integer, .float, .parameter, .symbol:
            found = "'" + String(decoding: source[token.start..<token.end], as: UTF8.self) + "'"
        }
        return error("Invalid input \(found): expected \(expected)", at: token.start)
    }

    func error(_ message: String, at offset: Int) -> ServerError {
        guard speculation == 0 || depthExceeded else { return ServerError(.syntaxError, message) }
        return ServerError(.syntaxError, "\(message) \(SourcePosition(offset: offset, in: source))")
    }
}
