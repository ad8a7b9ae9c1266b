import Host

/// A recursive-descent parser over the token array of one Cypher text.
///
/// Every recursive rule that can nest (expressions, parenthesized patterns, subqueries, unary
/// operators) passes through ``enter()``. It caps the nesting at ``maximumDepth`` and stops when
/// the thread's stack runs low, so hostile input fails with a `SyntaxError` instead of
/// overflowing the stack.
struct Parser {
    /// The deepest nesting of expressions, patterns and subqueries accepted; real queries nest
    /// far less. A thread with a small stack may stop earlier, see ``StackLimit``.
    static let maximumDepth = 200

    /// The deepest syntax tree accepted. Chains such as `a + b + ...` or `n.a.b.c...` nest the
    /// tree one level per operator; AND, OR, XOR and comparison chains become balanced trees,
    /// one level per doubling. Equality, hashing, evaluation and the planner walk chains with
    /// loops, but releasing a tree still recurses once per level.
    ///
    /// Measured with Swift 6.3 on x86-64 Linux in a debug build: 2,900-link chains of each kind
    /// parse, plan, run and release on a 512 KiB thread stack. The cap leaves a third of margin.
    static let maximumTreeDepth = 2_000

    let source: [UInt8]
    let tokens: [Token]
    /// For each opening bracket token, the index of its closing token, or nil when unbalanced.
    let closingIndex: [Int?]
    var index = 0
    var depth = 0
    /// The depth of the syntax tree being built: ``depth`` plus the operators and lookups
    /// chained on the current path, which nest the tree without recursing in the parser.
    var treeDepth = 0
    /// True once the nesting limit was hit; speculative parses then rethrow instead of retrying.
    var depthExceeded = false
    /// The number of speculative parses in progress; their errors get a cheap message.
    var speculation = 0
    /// The speculative parses that failed, as ``Speculation`` and start token. Such a parse fails
    /// again at the same token, so it is not retried. Without this, brackets that each try a
    /// comprehension before a list literal take time exponential in their nesting.
    var failedSpeculations: Set<Int> = []
    let stackLimit = StackLimit()
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

    /// Returns the source text from `start` to the end of the last consumed token.
    func text(from start: Int) -> String {
        let end = max(start, previousEnd)
        return String(decoding: source[start..<end], as: UTF8.self)
    }

    // MARK: - Nesting and speculation

    mutating func enter() throws(ServerError) {
        depth += 1
        try deepenTree(by: 1)
        guard depth <= Self.maximumDepth, !stackLimit.isExhausted else {
            depthExceeded = true
            throw error(
                "The query is nested too deeply: at most \(Self.maximumDepth) levels of nested expressions, "
                    + "patterns or subqueries are supported",
                at: current.start
            )
        }
    }

    mutating func leave() {
        depth -= 1
        treeDepth -= 1
    }

    /// Adds `levels` to the tree depth; the caller subtracts them again when its subtree is done.
    mutating func deepenTree(by levels: Int) throws(ServerError) {
        treeDepth += levels
        guard treeDepth <= Self.maximumTreeDepth else {
            depthExceeded = true
            throw error(
                "The expression is nested too deeply: at most \(Self.maximumTreeDepth) chained operators, "
                    + "property lookups and nesting levels are supported",
                at: current.start
            )
        }
    }

    /// The constructs the parser tries speculatively before falling back to another reading.
    enum Speculation: Int {
        case listComprehension, patternComprehension, patternPredicate
    }

    /// Runs `body` and returns its result, or rewinds and returns nil when it throws; errors of
    /// the nesting limit propagate. A `kind` that failed at the current token before returns nil
    /// at once.
    mutating func attempt<T>(
        _ kind: Speculation,
        _ body: (inout Parser) throws(ServerError) -> T
    ) throws(ServerError) -> T? {
        // The outcome depends only on the tokens from here on. The depth limits could change it
        // too, but reaching one sets `depthExceeded`, which ends every speculation.
        let key = index * 4 + kind.rawValue
        if failedSpeculations.contains(key) { return nil }
        let savedIndex = index
        let savedDepth = depth
        let savedTreeDepth = treeDepth
        speculation += 1
        defer { speculation -= 1 }
        do {
            return try body(&self)
        } catch {
            if depthExceeded { throw error }
            failedSpeculations.insert(key)
            index = savedIndex
            depth = savedDepth
            treeDepth = savedTreeDepth
            return nil
        }
    }

    // MARK: - Errors

    /// Builds an error for the current token in Neo4j's form, which names the token found, the
    /// input expected and the position.
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
