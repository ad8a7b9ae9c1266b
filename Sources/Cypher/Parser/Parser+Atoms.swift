import Host

extension Parser {
    static let expressionExpectation = "an expression"

    /// Parses an atom; the parenthesized case, the one that nests, is dispatched first so that
    /// the recursion passes through small stack frames.
    mutating func parseAtom() throws(ServerError) -> Expression {
        if current.isSymbol("(") { return try parseParenthesizedOrPattern() }
        return try parseOtherAtom()
    }

    private mutating func parseOtherAtom() throws(ServerError) -> Expression {
        let token = current
        switch token.kind {
        case .integer(let text):
            advance()
            return .literal(.integer(try integerValue(text, negative: false, at: token.start)))
        case .float(let value):
            advance()
            return .literal(.float(value))
        case .string(let value):
            advance()
            return .literal(.string(value))
        case .parameter(let name):
            advance()
            return .parameter(name)
        case .symbol("["):
            return try parseListOrComprehension()
        case .symbol("{"):
            return .map(try parseMapLiteral())
        case .identifier(_, let upper):
            if let special = try parseKeywordExpression(upper) { return special }
            return try parseNameExpression()
        case .quotedIdentifier:
            return try parseNameExpression()
        default:
            throw unexpected(expected: Self.expressionExpectation)
        }
    }

    /// Parses the forms that start with a keyword: literals, `CASE`, `count(*)`, subqueries,
    /// quantifiers and `reduce`. Returns nil when the keyword is used as a plain name.
    private mutating func parseKeywordExpression(_ upper: String) throws(ServerError) -> Expression? {
        let next = peek(1)
        switch upper {
        case "TRUE":
            advance()
            return .literal(.boolean(true))
        case "FALSE":
            advance()
            return .literal(.boolean(false))
        case "NULL":
            advance()
            return .literal(.null)
        case "CASE":
            advance()
            return .caseExpression(try parseCaseBody())
        case "COUNT" where next.isSymbol("(") && peek(2).isSymbol("*") && peek(3).isSymbol(")"):
            advance()
            advance()
            advance()
            advance()
            return .countStar
        case "COUNT" where next.isSymbol("{"):
            advance()
            return .countSubquery(try parseSubqueryExpressionBody())
        case "EXISTS" where next.isSymbol("{"):
            advance()
            return .existsSubquery(try parseSubqueryExpressionBody())
        case "COLLECT" where next.isSymbol("{"):
            advance()
            return .collectSubquery(try parseSubqueryExpressionBody())
        case "ALL", "ANY", "NONE", "SINGLE":
            // A `where` on a multi-pattern case would apply to the last pattern only, so test here.
            guard next.isSymbol("("), peek(2).name != nil, peek(3).isKeyword("IN") else { return nil }
            return .quantifier(try parseQuantifier(kind: Quantifier.Kind(rawValue: upper.lowercased())!))
        case "REDUCE" where next.isSymbol("(") && peek(2).name != nil && peek(3).isSymbol("="):
            return .reduce(try parseReduce())
        default:
            return nil
        }
    }

    /// Keywords that never stand for a variable in an expression, as in openCypher, so that a
    /// truncated `WHERE n.x = RETURN n` fails at `RETURN`. Backquote them to use them as names.
    static let reservedWords: Set = [
        "AND", "AS", "CALL", "CONTAINS", "CREATE", "DELETE", "DETACH", "DISTINCT", "ELSE", "END", "ENDS", "FOREACH",
        "IN", "IS", "LIMIT", "MATCH", "MERGE", "NOT", "OR", "ORDER", "REMOVE", "RETURN", "SET", "SKIP", "STARTS",
        "THEN",
        "UNION", "UNWIND", "WHEN", "WHERE", "WITH", "XOR", "YIELD",
    ]

    /// Parses a variable, a function call `a.b.c(...)` or a map projection `v {...}`.
    private mutating func parseNameExpression() throws(ServerError) -> Expression {
        if case .identifier(_, let upper) = current.kind, Self.reservedWords.contains(upper) {
            throw unexpected(expected: Self.expressionExpectation)
        }
        var lookahead = 1
        while peek(lookahead).isSymbol("."), peek(lookahead + 1).name != nil { lookahead += 2 }
        if peek(lookahead).isSymbol("(") {
            return .functionCall(try parseFunctionCall())
        }
        let name = try expectName(Self.expressionExpectation)
        if current.isSymbol("{") {
            return .mapProjection(MapProjection(variable: name, items: try parseMapProjectionItems()))
        }
        return .variable(name)
    }

    private mutating func parseFunctionCall() throws(ServerError) -> FunctionCall {
        var parts = [try expectName("a function name")]
        while accept(symbol: ".") { parts.append(try expectName("a function name")) }
        try expect(symbol: "(")
        if parts.count == 1, parts[0].uppercased() == "TRIM", let call = try parseTrimSpecification() {
            return call
        }
        let distinct = accept(keyword: "DISTINCT")
        var arguments: [Expression] = []
        if distinct || !current.isSymbol(")") { arguments = try parseExpressionList() }
        try expect(symbol: ")")
        let name = parts.removeLast()
        return FunctionCall(namespace: parts, name: name, distinct: distinct, arguments: arguments)
    }

    /// Parses the SQL form of `trim` after its `(`: `[LEADING | TRAILING | BOTH] [characters] FROM
    /// source)`, as `ltrim`, `rtrim`, `btrim` or `trim` calls. Returns nil, consuming nothing, for
    /// the plain `trim(source)`.
    private mutating func parseTrimSpecification() throws(ServerError) -> FunctionCall? {
        let start = index
        var function: String?
        let modes = [("LEADING", "ltrim"), ("TRAILING", "rtrim"), ("BOTH", "btrim")]
        for (keyword, name) in modes where current.isKeyword(keyword) {
            // A symbol after the word, as in `trim(leading)` or `trim(leading + 'x')`, makes it a variable.
            if case .symbol = peek(1).kind { break }
            advance()
            function = name
        }
        var characters: Expression?
        if !accept(keyword: "FROM") {
            let first = try parseExpression()
            guard accept(keyword: "FROM") else {
                if function != nil { throw unexpected(expected: "'FROM'") }
                index = start
                return nil
            }
            characters = first
        }
        let source = try parseExpression()
        try expect(symbol: ")")
        if let characters { return FunctionCall(name: function ?? "btrim", arguments: [source, characters]) }
        // Without characters, BOTH trims whitespace as the plain trim() does.
        let name = function == nil || function == "btrim" ? "trim" : function ?? "trim"
        return FunctionCall(name: name, arguments: [source])
    }

    /// Parses `( expression )`, or a pattern predicate such as `(a)-->(b)` when the closing
    /// parenthesis is followed by a relationship.
    private mutating func parseParenthesizedOrPattern() throws(ServerError) -> Expression {
        if let closing = closingIndex[index], closing + 1 < tokens.count,
            tokens[closing + 1].isSymbol("-") || tokens[closing + 1].isSymbol("<"),
            let element = try attemptPatternPredicate()
        {
            return .patternPredicate(element)
        }
        try expect(symbol: "(")
        let expression = try parseExpression()
        try expect(symbol: ")")
        return expression
    }

    private mutating func attemptPatternPredicate() throws(ServerError) -> PatternElement? {
        try attempt(.patternPredicate) { (parser: inout Parser) throws(ServerError) -> PatternElement in
            let element = try parser.parsePatternElement()
            guard !element.chain.isEmpty else { throw parser.unexpected(expected: "a relationship") }
            return element
        }
    }

    /// Parses `{key: value, ...}`; keys are names, keywords included.
    mutating func parseMapLiteral() throws(ServerError) -> [MapEntry] {
        try expect(symbol: "{")
        var entries: [MapEntry] = []
        if !current.isSymbol("}") {
            repeat {
                let key = try expectName("a property key name")
                try expect(symbol: ":")
                entries.append(MapEntry(key: key, value: try parseExpression()))
            } while accept(symbol: ",")
        }
        try expect(symbol: "}")
        return entries
    }

    private mutating func parseMapProjectionItems() throws(ServerError) -> [MapProjectionItem] {
        try expect(symbol: "{")
        var items: [MapProjectionItem] = []
        if !current.isSymbol("}") {
            repeat {
                if accept(symbol: ".") {
                    if accept(symbol: "*") {
                        items.append(.allProperties)
                    } else {
                        items.append(.property(try expectName("a property key name")))
                    }
                } else {
                    let name = try expectName("'.', a property key name or a variable name")
                    if accept(symbol: ":") {
                        items.append(.literal(key: name, value: try parseExpression()))
                    } else {
                        items.append(.variable(name))
                    }
                }
            } while accept(symbol: ",")
        }
        try expect(symbol: "}")
        return items
    }

    private mutating func parseCaseBody() throws(ServerError) -> CaseExpression {
        var result = CaseExpression(alternatives: [])
        if !current.isKeyword("WHEN") { result.subject = try parseExpression() }
        while accept(keyword: "WHEN") {
            let condition = try parseExpression()
            try expect(keyword: "THEN")
            result.alternatives.append(CaseAlternative(condition: condition, result: try parseExpression()))
        }
        guard !result.alternatives.isEmpty else { throw unexpected(expected: "'WHEN'") }
        if accept(keyword: "ELSE") { result.defaultValue = try parseExpression() }
        guard accept(keyword: "END") else {
            throw unexpected(expected: result.defaultValue == nil ? "'WHEN', 'ELSE' or 'END'" : "'END'")
        }
        return result
    }
}
