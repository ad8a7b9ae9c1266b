import Host

extension Parser {
    /// Where a label expression is written, which decides how far `|` reaches.
    enum LabelExpressionContext {
        /// A node pattern: `(n:A|B)`.
        case node
        /// A relationship pattern, which also accepts the older `[:A|:B]`.
        case relationship
        /// A label test such as `WHERE n:A|B`, where `|` may instead start the projection of a
        /// list comprehension, as in `[x IN list WHERE x:A | x.name]`.
        case expression
    }

    /// True when `token`, after a `:`, can start a label expression.
    func startsLabelExpression(_ token: Token) -> Bool {
        token.name != nil || token.isSymbol("!") || token.isSymbol("%") || token.isSymbol("(")
    }

    /// Parses the label expression after a `:`, which the caller has consumed.
    mutating func parseLabelExpression(in context: LabelExpressionContext) throws(ServerError) -> LabelExpression {
        try enter()
        defer { leave() }
        var expression = try parseLabelConjunction(in: context)
        while current.isSymbol("|"), continuesLabelDisjunction(in: context) {
            advance()
            if context == .relationship { _ = accept(symbol: ":") }
            expression = .or(expression, try parseLabelConjunction(in: context))
        }
        return expression
    }

    private mutating func parseLabelConjunction(in context: LabelExpressionContext) throws(ServerError)
        -> LabelExpression
    {
        var expression = try parseLabelNegation(in: context)
        while current.isSymbol("&") || (current.isSymbol(":") && context != .relationship) {
            advance()
            expression = .and(expression, try parseLabelNegation(in: context))
        }
        return expression
    }

    private mutating func parseLabelNegation(in context: LabelExpressionContext) throws(ServerError)
        -> LabelExpression
    {
        if accept(symbol: "!") {
            try enter()
            defer { leave() }
            return .not(try parseLabelNegation(in: context))
        }
        if accept(symbol: "%") { return .wildcard }
        if accept(symbol: "(") {
            let inner = try parseLabelExpression(in: context)
            try expect(symbol: ")")
            return inner
        }
        return .name(try expectName(context == .relationship ? "a relationship type name" : "a label name"))
    }

    /// True when the `|` at the cursor joins label alternatives. In an expression it does so
    /// only when the next name ends the label test, because `[x IN list WHERE x:A | x]` uses
    /// `|` to start the projection.
    private func continuesLabelDisjunction(in context: LabelExpressionContext) -> Bool {
        guard context == .expression else { return true }
        let next = peek(1)
        if next.isSymbol("!") || next.isSymbol("%") || next.isSymbol(":") { return true }
        guard next.name != nil else { return false }
        let after = peek(2)
        if case .end = after.kind { return true }
        for symbol in ["|", "&", ")", ",", ";", "}"] where after.isSymbol(symbol) { return true }
        let clauseWords = [
            "RETURN", "WITH", "AND", "OR", "XOR", "WHERE", "ORDER", "SKIP", "LIMIT", "UNION", "THEN", "ELSE", "END",
            "AS", "WHEN", "MATCH", "OPTIONAL", "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "UNWIND",
            "CALL", "FOREACH",
        ]
        return clauseWords.contains { after.isKeyword($0) }
    }
}
