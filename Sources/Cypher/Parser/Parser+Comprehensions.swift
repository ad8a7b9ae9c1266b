import Host

extension Parser {
    /// Parses a list literal, a list comprehension `[x IN l WHERE p | e]` or a pattern
    /// comprehension `[p = (a)-->(b) WHERE q | e]`.
    mutating func parseListOrComprehension() throws(ServerError) -> Expression {
        if peek(1).name != nil, peek(2).isKeyword("IN") {
            let comprehension = try attempt(.listComprehension) { (parser: inout Parser) throws(ServerError) in
                try parser.parseListComprehension()
            }
            if let comprehension { return .listComprehension(comprehension) }
        }
        if peek(1).isSymbol("(") || (peek(1).name != nil && peek(2).isSymbol("=")) {
            let comprehension = try attempt(.patternComprehension) { (parser: inout Parser) throws(ServerError) in
                try parser.parsePatternComprehension()
            }
            if let comprehension { return .patternComprehension(comprehension) }
        }
        try expect(symbol: "[")
        var elements: [Expression] = []
        if !current.isSymbol("]") { elements = try parseExpressionList() }
        try expect(symbol: "]")
        return .list(elements)
    }

    private mutating func parseListComprehension() throws(ServerError) -> ListComprehension {
        try expect(symbol: "[")
        let variable = try expectName("a variable name")
        try expect(keyword: "IN")
        var comprehension = ListComprehension(variable: variable, list: try parseExpression())
        if accept(keyword: "WHERE") { comprehension.predicate = try parseExpression() }
        if accept(symbol: "|") { comprehension.projection = try parseExpression() }
        try expect(symbol: "]")
        return comprehension
    }

    private mutating func parsePatternComprehension() throws(ServerError) -> PatternComprehension {
        try expect(symbol: "[")
        var pathVariable: String?
        if let name = current.name, peek(1).isSymbol("=") {
            pathVariable = name
            advance()
            advance()
        }
        let element = try parsePatternElement()
        guard !element.chain.isEmpty else { throw unexpected(expected: "a relationship pattern") }
        let predicate = accept(keyword: "WHERE") ? try parseExpression() : nil
        try expect(symbol: "|")
        let projection = try parseExpression()
        try expect(symbol: "]")
        return PatternComprehension(
            pathVariable: pathVariable,
            element: element,
            predicate: predicate,
            projection: projection
        )
    }

    mutating func parseQuantifier(kind: Quantifier.Kind) throws(ServerError) -> Quantifier {
        advance()
        try expect(symbol: "(")
        let variable = try expectName("a variable name")
        try expect(keyword: "IN")
        let list = try parseExpression()
        let predicate = accept(keyword: "WHERE") ? try parseExpression() : nil
        try expect(symbol: ")")
        return Quantifier(kind: kind, variable: variable, list: list, predicate: predicate)
    }

    mutating func parseReduce() throws(ServerError) -> Reduce {
        advance()
        try expect(symbol: "(")
        let accumulator = try expectName("a variable name")
        try expect(symbol: "=")
        let initial = try parseExpression()
        try expect(symbol: ",")
        let variable = try expectName("a variable name")
        try expect(keyword: "IN")
        let list = try parseExpression()
        try expect(symbol: "|")
        let expression = try parseExpression()
        try expect(symbol: ")")
        return Reduce(
            accumulator: accumulator,
            initial: initial,
            variable: variable,
            list: list,
            expression: expression
        )
    }
}
