import Host

/// Operator precedence, from loosest to tightest, as in the openCypher grammar: OR, XOR, AND,
/// NOT, comparison, string/list/null predicates, `+ -`, `* / %`, `^`, unary `+ -`, then
/// property lookups, subscripts and label checks on an atom.
extension Parser {
    mutating func parseExpression() throws(ServerError) -> Expression {
        try enter()
        defer { leave() }
        return try parseOr()
    }

    private mutating func parseOr() throws(ServerError) -> Expression {
        var left = try parseXor()
        while accept(keyword: "OR") { left = .binary(.or, left, try parseXor()) }
        return left
    }

    private mutating func parseXor() throws(ServerError) -> Expression {
        var left = try parseAnd()
        while accept(keyword: "XOR") { left = .binary(.xor, left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(ServerError) -> Expression {
        var left = try parseNot()
        while accept(keyword: "AND") { left = .binary(.and, left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(ServerError) -> Expression {
        guard accept(keyword: "NOT") else { return try parseComparison() }
        try enter()
        defer { leave() }
        return .unary(.not, try parseNot())
    }

    /// Parses a comparison chain; `a < b < c` becomes `a < b AND b < c`.
    private mutating func parseComparison() throws(ServerError) -> Expression {
        let first = try parsePredicates()
        var operands = [first]
        var operators: [BinaryOperator] = []
        while let comparison = try comparisonOperator() {
            advance()
            operators.append(comparison)
            operands.append(try parsePredicates())
        }
        guard !operators.isEmpty else { return first }
        var result: Expression = .binary(operators[0], operands[0], operands[1])
        for position in 1..<operators.count {
            result = .binary(.and, result, .binary(operators[position], operands[position], operands[position + 1]))
        }
        return result
    }

    private func comparisonOperator() throws(ServerError) -> BinaryOperator? {
        guard case .symbol(let text) = current.kind else { return nil }
        switch text {
        case "=": return .equal
        case "<>": return .notEqual
        case "<": return .less
        case ">": return .greater
        case "<=": return .lessOrEqual
        case ">=": return .greaterOrEqual
        case "!=":
            throw error(
                "Unknown operation '!=' (you probably meant to use '<>', which is the operator for inequality testing)",
                at: current.start)
        default: return nil
        }
    }

    /// Parses `STARTS WITH`, `ENDS WITH`, `CONTAINS`, `=~`, `IN` and `IS [NOT] NULL` after an
    /// additive expression, left to right.
    private mutating func parsePredicates() throws(ServerError) -> Expression {
        var left = try parseAdditive()
        while true {
            if current.isKeyword("STARTS"), peek(1).isKeyword("WITH") {
                advance()
                advance()
                left = .binary(.startsWith, left, try parseAdditive())
            } else if current.isKeyword("ENDS"), peek(1).isKeyword("WITH") {
                advance()
                advance()
                left = .binary(.endsWith, left, try parseAdditive())
            } else if accept(keyword: "CONTAINS") {
                left = .binary(.contains, left, try parseAdditive())
            } else if accept(symbol: "=~") {
                left = .binary(.regexMatch, left, try parseAdditive())
            } else if accept(keyword: "IN") {
                left = .binary(.in, left, try parseAdditive())
            } else if current.isKeyword("IS"), peek(1).isKeyword("NULL") {
                advance()
                advance()
                left = .isNull(left, negated: false)
            } else if current.isKeyword("IS"), peek(1).isKeyword("NOT"), peek(2).isKeyword("NULL") {
                advance()
                advance()
                advance()
                left = .isNull(left, negated: true)
            } else {
                return left
            }
        }
    }

    private mutating func parseAdditive() throws(ServerError) -> Expression {
        var left = try parseMultiplicative()
        while true {
            if accept(symbol: "+") {
                left = .binary(.add, left, try parseMultiplicative())
            } else if accept(symbol: "-") {
                left = .binary(.subtract, left, try parseMultiplicative())
            } else {
                return left
            }
        }
    }

    private mutating func parseMultiplicative() throws(ServerError) -> Expression {
        var left = try parsePower()
        while true {
            if accept(symbol: "*") {
                left = .binary(.multiply, left, try parsePower())
            } else if accept(symbol: "/") {
                left = .binary(.divide, left, try parsePower())
            } else if accept(symbol: "%") {
                left = .binary(.modulo, left, try parsePower())
            } else {
                return left
            }
        }
    }

    /// `^` is left-associative in openCypher: `2 ^ 3 ^ 2` is `(2 ^ 3) ^ 2`.
    private mutating func parsePower() throws(ServerError) -> Expression {
        var left = try parseUnary()
        while accept(symbol: "^") { left = .binary(.power, left, try parseUnary()) }
        return left
    }

    /// Parses unary `+` and `-`; a minus right before an integer literal folds into a negative
    /// literal, so that `-9223372036854775808` is in range.
    private mutating func parseUnary() throws(ServerError) -> Expression {
        if current.isSymbol("-") || current.isSymbol("+") {
            let isMinus = current.isSymbol("-")
            advance()
            if isMinus, case .integer(let text) = current.kind {
                let token = advance()
                let literal = Expression.literal(.integer(try integerValue(text, negative: true, at: token.start)))
                return try parsePostfix(literal)
            }
            try enter()
            defer { leave() }
            return .unary(isMinus ? .negate : .plus, try parseUnary())
        }
        return try parsePostfix(try parseAtom())
    }

    /// Parses property lookups, subscripts, slices and label checks after an atom.
    mutating func parsePostfix(_ atom: Expression) throws(ServerError) -> Expression {
        var expression = atom
        while true {
            if current.isSymbol(".") {
                advance()
                expression = .property(expression, key: try expectName("a property key name"))
            } else if current.isSymbol("[") {
                advance()
                expression = try parseSubscript(of: expression)
            } else if current.isSymbol(":"), peek(1).name != nil {
                expression = .hasLabels(expression, labels: try parseLabels())
            } else {
                return expression
            }
        }
    }

    /// Parses `[index]`, `[from..to]`, `[..to]` or `[from..]`, the `[` already consumed.
    private mutating func parseSubscript(of base: Expression) throws(ServerError) -> Expression {
        if accept(symbol: "..") {
            let upper = current.isSymbol("]") ? nil : try parseExpression()
            try expect(symbol: "]")
            return .slice(base, from: nil, to: upper)
        }
        let index = try parseExpression()
        if accept(symbol: "..") {
            let upper = current.isSymbol("]") ? nil : try parseExpression()
            try expect(symbol: "]")
            return .slice(base, from: index, to: upper)
        }
        try expect(symbol: "]")
        return .subscript(base, index: index)
    }

    /// Converts the text of an integer literal, with the sign of a folded unary minus.
    ///
    /// Throws a `SyntaxError` when the value is outside the 64-bit signed range.
    func integerValue(_ text: String, negative: Bool, at offset: Int) throws(ServerError) -> Int64 {
        let lower = text.lowercased()
        let magnitude: UInt64?
        if lower.hasPrefix("0x") {
            magnitude = UInt64(lower.dropFirst(2), radix: 16)
        } else if lower.hasPrefix("0o") {
            magnitude = UInt64(lower.dropFirst(2), radix: 8)
        } else {
            magnitude = UInt64(lower)
        }
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard let magnitude, magnitude <= limit else {
            let sign = negative ? "-" : ""
            throw error("integer, \(sign)\(text), is too large", at: offset)
        }
        if negative { return magnitude == limit ? Int64.min : -Int64(magnitude) }
        return Int64(magnitude)
    }
}
