extension Expression {
    /// The direct sub-expressions, including those inside patterns (property maps and inline
    /// predicates), but not the clauses of subqueries; see ``subqueries``.
    public var children: [Expression] {
        switch self {
        case .literal, .parameter, .variable, .countStar:
            return []
        case .property(let base, _), .isNull(let base, _), .hasLabels(let base, _), .unary(_, let base):
            return [base]
        case .subscript(let base, let index):
            return [base, index]
        case .slice(let base, let from, let to):
            return [base] + [from, to].compactMap { $0 }
        case .list(let elements):
            return elements
        case .map(let entries):
            return entries.map(\.value)
        case .binary(_, let left, let right):
            return [left, right]
        case .functionCall(let call):
            return call.arguments
        case .caseExpression(let expression):
            let alternatives = expression.alternatives.flatMap { [$0.condition, $0.result] }
            return [expression.subject].compactMap { $0 } + alternatives + [expression.defaultValue].compactMap { $0 }
        case .listComprehension(let comprehension):
            return [comprehension.list] + [comprehension.predicate, comprehension.projection].compactMap { $0 }
        case .patternComprehension(let comprehension):
            return comprehension.element.expressions + [comprehension.predicate].compactMap { $0 }
                + [comprehension.projection]
        case .quantifier(let quantifier):
            return [quantifier.list] + [quantifier.predicate].compactMap { $0 }
        case .reduce(let reduce):
            return [reduce.initial, reduce.list, reduce.expression]
        case .patternPredicate(let element):
            return element.expressions
        case .existsSubquery, .countSubquery, .collectSubquery:
            return []
        case .mapProjection(let projection):
            return projection.items.compactMap { item in
                if case .literal(_, let value) = item { return value }
                return nil
            }
        }
    }

    /// The queries of `EXISTS { }`, `COUNT { }` and `COLLECT { }` directly in this expression,
    /// not inside its children.
    public var subqueries: [Query] {
        switch self {
        case .existsSubquery(let query), .countSubquery(let query), .collectSubquery(let query): [query]
        default: []
        }
    }

    /// Calls `visit` on this expression and then on every descendant, depth first; subquery
    /// clauses are not entered.
    public func forEachDescendant(_ visit: (Expression) -> Void) {
        var stack = [self]
        while let expression = stack.popLast() {
            visit(expression)
            stack.append(contentsOf: expression.children.reversed())
        }
    }
}

extension PatternElement {
    /// The property maps and inline predicates of every node and relationship, in order.
    public var expressions: [Expression] {
        var result = [start.properties, start.predicate].compactMap { $0 }
        for step in chain {
            result += [step.relationship.properties, step.relationship.predicate].compactMap { $0 }
            result += [step.node.properties, step.node.predicate].compactMap { $0 }
        }
        return result
    }
}
