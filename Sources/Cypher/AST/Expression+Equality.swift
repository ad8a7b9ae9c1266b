extension Expression {
    /// Compares two trees with a loop over pairs of nodes instead of recursion.
    ///
    /// The synthesized comparison recursed once per tree level with about 3 KiB of stack in a
    /// debug build, enough to overflow a small thread stack when ORDER BY repeats a long
    /// `a + b + ...` chain. Pattern comprehensions, pattern predicates, map projections and
    /// subqueries are compared whole by their synthesized equality, because their syntax trees
    /// nest only as deep as the parser's nesting limit allows.
    public static func == (lhs: Expression, rhs: Expression) -> Bool {
        var pending = [(lhs, rhs)]
        while let (left, right) = pending.popLast() {
            switch left.compareNode(with: right) {
            case .different:
                return false
            case .equal:
                continue
            case .equalIfChildrenAre:
                let leftChildren = left.children
                let rightChildren = right.children
                guard leftChildren.count == rightChildren.count else { return false }
                pending.append(contentsOf: zip(leftChildren, rightChildren))
            }
        }
        return true
    }

    private enum NodeComparison {
        case different, equal, equalIfChildrenAre
    }

    /// Compares the form of two nodes and every part that is not in ``children``; for the forms
    /// compared whole, it compares everything.
    private func compareNode(with other: Expression) -> NodeComparison {
        let same: Bool
        switch (self, other) {
        case (.literal(let a), .literal(let b)):
            same = a == b
        case (.parameter(let a), .parameter(let b)), (.variable(let a), .variable(let b)):
            same = a == b
        case (.property(_, let a), .property(_, let b)):
            same = a == b
        case (.subscript, .subscript), (.list, .list), (.binary, .binary), (.countStar, .countStar):
            same = self.binaryOperator == other.binaryOperator
        case (.slice(_, let aFrom, let aTo), .slice(_, let bFrom, let bTo)):
            same = (aFrom == nil) == (bFrom == nil) && (aTo == nil) == (bTo == nil)
        case (.map(let a), .map(let b)):
            same = a.map(\.key) == b.map(\.key)
        case (.unary(let a, _), .unary(let b, _)):
            same = a == b
        case (.isNull(_, let a), .isNull(_, let b)):
            same = a == b
        case (.hasLabels(_, let a), .hasLabels(_, let b)):
            same = a == b
        case (.functionCall(let a), .functionCall(let b)):
            same = a.namespace == b.namespace && a.name == b.name && a.distinct == b.distinct
        case (.caseExpression(let a), .caseExpression(let b)):
            same =
                (a.subject == nil) == (b.subject == nil) && (a.defaultValue == nil) == (b.defaultValue == nil)
                && a.alternatives.count == b.alternatives.count
        case (.listComprehension(let a), .listComprehension(let b)):
            same =
                a.variable == b.variable && (a.predicate == nil) == (b.predicate == nil)
                && (a.projection == nil) == (b.projection == nil)
        case (.quantifier(let a), .quantifier(let b)):
            same = a.kind == b.kind && a.variable == b.variable && (a.predicate == nil) == (b.predicate == nil)
        case (.reduce(let a), .reduce(let b)):
            same = a.accumulator == b.accumulator && a.variable == b.variable
        case (.patternComprehension(let a), .patternComprehension(let b)):
            return a == b ? .equal : .different
        case (.patternPredicate(let a), .patternPredicate(let b)):
            return a == b ? .equal : .different
        case (.existsSubquery(let a), .existsSubquery(let b)), (.countSubquery(let a), .countSubquery(let b)),
            (.collectSubquery(let a), .collectSubquery(let b)):
            return a == b ? .equal : .different
        case (.mapProjection(let a), .mapProjection(let b)):
            return a == b ? .equal : .different
        default:
            return .different
        }
        return same ? .equalIfChildrenAre : .different
    }

    private var binaryOperator: BinaryOperator? {
        if case .binary(let op, _, _) = self { return op }
        return nil
    }
}
