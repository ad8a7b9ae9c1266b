import Host

/// Operator precedence, from loosest to tightest, as in the openCypher grammar: OR, XOR, AND,
/// NOT, comparison, string/list/null predicates, `+ -`, `* / %`, `^`, unary `+ -`, then
/// property lookups, subscripts and label checks on an atom.
///
/// One precedence-climbing function handles every binary level, so that each nesting level of
/// parentheses costs few stack frames.
extension Parser {
    private enum Level {
        static let or = 1
        static let xor = 2
        static let and = 3
        static let not = 4
        static let comparison = 5
        static let predicate = 6
        static let additive = 7
        static let multiplicative = 8
        static let power = 9
    }

    mutating func parseExpression() throws(ServerError) -> Expression {
        try enter()
        defer { leave() }
        return try parseBinary(minimum: Level.or)
    }

    /// Parses operators binding at least as tightly as `minimum`; all are left-associative.
    private mutating func parseBinary(minimum: Int) throws(ServerError) -> Expression {
        var left: Expression
        if minimum <= Level.not, current.isKeyword("NOT") {
            advance()
            try enter()
            defer { leave() }
            left = .unary(.not, try parseBinary(minimum: Level.not))
        } else {
            left = try parseUnary()
        }
        var chained = 0
        defer { treeDepth -= chained }
        while let (level, op) = try infixOperator(), level >= minimum {
            chained += 1
            try deepenTree(by: 1)
            switch level {
            case Level.comparison:
                left = try parseComparisonChain(first: left)
            case Level.predicate:
                left = try parsePredicate(after: left)
            case Level.or, Level.xor, Level.and:
                // The first operator's level is counted above; the chain adds the rest itself.
                treeDepth -= 1
                chained -= 1
                left = try parseLogicalChain(op, level: level, first: left)
            default:
                advance()
                left = .binary(op, left, try parseBinary(minimum: level + 1))
            }
        }
        return left
    }

    /// Parses `a OR b OR ...` (or XOR, or AND) after its first operand, the operator not yet
    /// consumed, into a balanced tree.
    ///
    /// The three are associative in Cypher's three-valued logic, and the evaluator still visits
    /// the operands left to right, skipping the rest once one decides the result, so the shape
    /// changes no result or error. A balanced tree is only log2(n) deep, so a generated
    /// `WHERE n.x = 0 OR n.x = 1 OR ...` with thousands of terms stays shallow for every
    /// recursive consumer of the tree.
    private mutating func parseLogicalChain(
        _ op: BinaryOperator,
        level: Int,
        first: Expression
    ) throws(ServerError) -> Expression {
        var operands = [first]
        var added = 0
        defer { treeDepth -= added }
        while let (nextLevel, nextOp) = try infixOperator(), nextLevel == level, nextOp == op {
            advance()
            let needed = Self.balancedDepth(operands.count + 1)
            if needed > added {
                try deepenTree(by: needed - added)
                added = needed
            }
            operands.append(try parseBinary(minimum: level + 1))
        }
        return Self.balanced(op, operands[...])
    }

    /// The depth that ``balanced(_:_:)`` adds above `count` operands: ceil(log2(count)).
    private static func balancedDepth(_ count: Int) -> Int {
        count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }

    /// Joins the operands with `op` into a balanced tree in their order; up to three operands
    /// give the left-deep tree that left-associative parsing gives.
    private static func balanced(_ op: BinaryOperator, _ operands: ArraySlice<Expression>) -> Expression {
        guard operands.count > 1, let first = operands.first else { return operands.first ?? .literal(.null) }
        if operands.count == 2, let last = operands.last { return .binary(op, first, last) }
        let middle = operands.startIndex + (operands.count + 1) / 2
        return .binary(op, balanced(op, operands[..<middle]), balanced(op, operands[middle...]))
    }

    /// Returns the precedence level and operator of the current token when it is an infix operator.
    private func infixOperator() throws(ServerError) -> (Int, BinaryOperator)? {
        switch current.kind {
        case .symbol(let text):
            switch text {
            case "+": return (Level.additive, .add)
            case "-": return (Level.additive, .subtract)
            case "*": return (Level.multiplicative, .multiply)
            case "/": return (Level.multiplicative, .divide)
            case "%": return (Level.multiplicative, .modulo)
            case "^": return (Level.power, .power)
            case "=~": return (Level.predicate, .regexMatch)
            default: return try comparisonOperator().map { (Level.comparison, $0) }
            }
        case .identifier(_, let upper):
            switch upper {
            case "OR": return (Level.or, .or)
            case "XOR": return (Level.xor, .xor)
            case "AND": return (Level.and, .and)
            case "IN": return (Level.predicate, .in)
            case "CONTAINS": return (Level.predicate, .contains)
            case "STARTS" where peek(1).isKeyword("WITH"): return (Level.predicate, .startsWith)
            case "ENDS" where peek(1).isKeyword("WITH"): return (Level.predicate, .endsWith)
            case "IS" where peek(1).isKeyword("NULL") || (peek(1).isKeyword("NOT") && peek(2).isKeyword("NULL")):
                // `IS [NOT] NULL` is a postfix predicate; the operator is a placeholder.
                return (Level.predicate, .equal)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Parses a comparison chain after its first operand; `a < b < c` becomes `a < b AND b < c`,
    /// and longer chains a balanced AND of their comparisons.
    private mutating func parseComparisonChain(first: Expression) throws(ServerError) -> Expression {
        var operands = [first]
        var operators: [BinaryOperator] = []
        var added = 0
        defer { treeDepth -= added }
        while let comparison = try comparisonOperator() {
            advance()
            // The comparisons join into a balanced AND, one level deeper per doubling.
            let needed = Self.balancedDepth(operators.count + 1)
            if needed > added {
                try deepenTree(by: needed - added)
                added = needed
            }
            operators.append(comparison)
            operands.append(try parseBinary(minimum: Level.predicate))
        }
        let comparisons = operators.indices.map { position in
            Expression.binary(operators[position], operands[position], operands[position + 1])
        }
        return Self.balanced(.and, comparisons[...])
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
                at: current.start
            )
        default: return nil
        }
    }

    /// Parses one of `STARTS WITH`, `ENDS WITH`, `CONTAINS`, `=~`, `IN` and `IS [NOT] NULL`.
    private mutating func parsePredicate(after left: Expression) throws(ServerError) -> Expression {
        if accept(keyword: "IS") {
            let negated = accept(keyword: "NOT")
            try expect(keyword: "NULL")
            return .isNull(left, negated: negated)
        }
        let op: BinaryOperator
        if accept(keyword: "STARTS") {
            op = .startsWith
            try expect(keyword: "WITH")
        } else if accept(keyword: "ENDS") {
            op = .endsWith
            try expect(keyword: "WITH")
        } else if accept(keyword: "CONTAINS") {
            op = .contains
        } else if accept(symbol: "=~") {
            op = .regexMatch
        } else {
            try expect(keyword: "IN")
            op = .in
        }
        return .binary(op, left, try parseBinary(minimum: Level.additive))
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
        var chained = 0
        defer { treeDepth -= chained }
        while true {
            if current.isSymbol(".") || current.isSymbol("[") || current.isSymbol(":") {
                chained += 1
                try deepenTree(by: 1)
            }
            if current.isSymbol(".") {
                advance()
                expression = .property(expression, key: try expectName("a property key name"))
            } else if current.isSymbol("[") {
                advance()
                expression = try parseSubscript(of: expression)
            } else if current.isSymbol(":"), startsLabelExpression(peek(1)) {
                advance()
                expression = .hasLabels(expression, labels: try parseLabelExpression(in: .expression))
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
