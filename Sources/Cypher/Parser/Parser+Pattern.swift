import Host

extension Parser {
    mutating func parsePattern() throws(ServerError) -> Pattern {
        var parts = [try parsePatternPart()]
        while accept(symbol: ",") { parts.append(try parsePatternPart()) }
        return Pattern(parts: parts)
    }

    /// Parses `[variable =] [shortestPath(...) | allShortestPaths(...)] element`.
    mutating func parsePatternPart() throws(ServerError) -> PatternPart {
        var variable: String?
        if let name = current.name, peek(1).isSymbol("=") {
            variable = name
            advance()
            advance()
        }
        for (keyword, selector) in [
            ("SHORTESTPATH", PatternPart.Selector.shortestPath), ("ALLSHORTESTPATHS", .allShortestPaths),
        ]
        where current.isKeyword(keyword) && peek(1).isSymbol("(") {
            advance()
            advance()
            let element = try parsePatternElement()
            try expect(symbol: ")")
            return PatternPart(variable: variable, selector: selector, element: element)
        }
        return PatternPart(variable: variable, element: try parsePatternElement())
    }

    /// Parses a node pattern followed by relationship-node steps, or such a chain in parentheses.
    mutating func parsePatternElement() throws(ServerError) -> PatternElement {
        if current.isSymbol("("), peek(1).isSymbol("(") {
            advance()
            try enter()
            defer { leave() }
            let element = try parsePatternElement()
            try expect(symbol: ")")
            return element
        }
        var element = PatternElement(start: try parseNodePattern())
        while isRelationshipStart {
            let relationship = try parseRelationshipPattern()
            element.chain.append(PatternStep(relationship: relationship, node: try parseNodePattern()))
        }
        return element
    }

    /// True at `-[`, `--`, `->` or `<-`.
    var isRelationshipStart: Bool {
        if current.isSymbol("<") { return peek(1).isSymbol("-") }
        return current.isSymbol("-") && (peek(1).isSymbol("[") || peek(1).isSymbol("-") || peek(1).isSymbol(">"))
    }

    mutating func parseNodePattern() throws(ServerError) -> NodePattern {
        try expect(symbol: "(")
        var node = NodePattern()
        if let name = current.name, !(current.isKeyword("WHERE") && !peek(1).isSymbol(")")) {
            node.variable = name
            advance()
        }
        if accept(symbol: ":") {
            let expression = try parseLabelExpression(in: .node)
            if let names = expression.conjunctiveNames {
                node.labels = names
            } else {
                node.labelExpression = expression
            }
        }
        node.properties = try parsePatternProperties()
        if accept(keyword: "WHERE") { node.predicate = try parseExpression() }
        guard accept(symbol: ")") else {
            throw unexpected(
                expected: node.labels.isEmpty && node.labelExpression == nil && node.properties == nil
                    ? "a variable name, ':', '{', '$' or ')'" : "')'"
            )
        }
        return node
    }

    /// Parses a map literal or a parameter, when present.
    private mutating func parsePatternProperties() throws(ServerError) -> Expression? {
        if current.isSymbol("{") { return .map(try parseMapLiteral()) }
        if case .parameter(let name) = current.kind {
            advance()
            return .parameter(name)
        }
        return nil
    }

    mutating func parseRelationshipPattern() throws(ServerError) -> RelationshipPattern {
        let pointsLeft = accept(symbol: "<")
        try expect(symbol: "-")
        var relationship = RelationshipPattern(direction: .both)
        if accept(symbol: "[") {
            if let name = current.name, !(current.isKeyword("WHERE") && !peek(1).isSymbol("]")) {
                relationship.variable = name
                advance()
            }
            if accept(symbol: ":") {
                let expression = try parseLabelExpression(in: .relationship)
                if let names = expression.disjunctiveNames {
                    relationship.types = names
                } else {
                    relationship.typeExpression = expression
                }
            }
            if accept(symbol: "*") { relationship.length = try parseLengthRange() }
            relationship.properties = try parsePatternProperties()
            if accept(keyword: "WHERE") { relationship.predicate = try parseExpression() }
            try expect(symbol: "]")
        }
        try expect(symbol: "-")
        let pointsRight = accept(symbol: ">")
        switch (pointsLeft, pointsRight) {
        case (true, false): relationship.direction = .incoming
        case (false, true): relationship.direction = .outgoing
        default: relationship.direction = .both
        }
        return relationship
    }

    /// Parses what follows `*`: nothing, `n`, `n..`, `..m` or `n..m`.
    private mutating func parseLengthRange() throws(ServerError) -> LengthRange {
        var range = LengthRange()
        if case .integer = current.kind {
            range.minimum = try parseRangeBound()
            if accept(symbol: "..") {
                if case .integer = current.kind { range.maximum = try parseRangeBound() }
            } else {
                range.maximum = range.minimum
            }
        } else if accept(symbol: "..") {
            if case .integer = current.kind { range.maximum = try parseRangeBound() }
        }
        return range
    }

    private mutating func parseRangeBound() throws(ServerError) -> Int64 {
        let token = advance()
        guard case .integer(let text) = token.kind else { throw unexpected(expected: "an integer") }
        return try integerValue(text, negative: false, at: token.start)
    }
}
