import Cypher
import Host

/// Static facts about expressions that the planner checks before anything runs.
enum ExpressionAnalysis {
    /// True when the expression calls an aggregating function outside a nested scope.
    static func containsAggregate(_ expression: Expression) -> Bool {
        !aggregateCalls(in: expression).isEmpty
    }

    /// Returns the aggregate calls (`count(*)` included) in an expression, outermost first.
    static func aggregateCalls(in expression: Expression) -> [Expression] {
        var calls: [Expression] = []
        visit(expression) { node in
            switch node {
            case .countStar:
                calls.append(node)
                return false
            case .functionCall(let call) where AggregateKind(functionName: call.lookupName) != nil:
                calls.append(node)
                return false
            case .existsSubquery, .countSubquery, .collectSubquery:
                return false
            default:
                return true
            }
        }
        return calls
    }

    /// Variables the expression reads from its row, leaving out those it binds itself.
    ///
    /// Operators, lookups, lists and maps are walked with an explicit stack, so a long chain does
    /// not recurse. Only the forms that bind variables of their own recurse.
    static func freeVariables(_ expression: Expression) -> Set<String> {
        var names: Set<String> = []
        var pending = [expression]
        while let next = pending.popLast() {
            switch next {
            case .variable(let name):
                names.insert(name)
            case .listComprehension, .quantifier, .reduce, .patternComprehension, .patternPredicate, .mapProjection,
                .existsSubquery, .countSubquery, .collectSubquery:
                names.formUnion(scopedFreeVariables(next))
            default:
                pending.append(contentsOf: children(of: next))
            }
        }
        return names
    }

    @inline(never)
    private static func scopedFreeVariables(_ expression: Expression) -> Set<String> {
        switch expression {
        case .listComprehension(let c):
            let inner = [c.predicate, c.projection].compactMap { $0 }.reduce(into: Set<String>()) {
                $0.formUnion(freeVariables($1))
            }
            return freeVariables(c.list).union(inner.subtracting([c.variable]))
        case .quantifier(let q):
            let inner = q.predicate.map(freeVariables) ?? []
            return freeVariables(q.list).union(inner.subtracting([q.variable]))
        case .reduce(let r):
            let inner = freeVariables(r.expression).subtracting([r.accumulator, r.variable])
            return freeVariables(r.initial).union(freeVariables(r.list)).union(inner)
        case .patternComprehension(let c):
            let bound = patternVariables(c.element).union(c.pathVariable.map { [$0] } ?? [])
            let inner = [c.predicate, c.projection].compactMap { $0 }.reduce(into: Set<String>()) {
                $0.formUnion(freeVariables($1))
            }
            return inner.subtracting(bound).union(patternExpressionVariables(c.element).subtracting(bound))
        case .patternPredicate(let element):
            return patternVariables(element).union(patternExpressionVariables(element))
        case .mapProjection(let projection):
            var names: Set<String> = [projection.variable]
            for item in projection.items {
                switch item {
                case .variable(let name): names.insert(name)
                case .literal(_, let value): names.formUnion(freeVariables(value))
                case .property, .allProperties: break
                }
            }
            return names
        case .existsSubquery, .countSubquery, .collectSubquery:
            // NOTE: Subquery bodies may bind new variables; their references are not checked.
            return []
        default:
            return freeVariables(expression)
        }
    }

    /// Returns the named node and relationship variables of a pattern element.
    static func patternVariables(_ element: PatternElement) -> Set<String> {
        var names = Set(element.nodes.compactMap(\.variable))
        names.formUnion(element.chain.compactMap(\.relationship.variable))
        return names
    }

    /// Variables read by the property maps and inline predicates of a pattern element.
    static func patternExpressionVariables(_ element: PatternElement) -> Set<String> {
        var expressions = element.nodes.flatMap { [$0.properties, $0.predicate] }
        expressions += element.chain.flatMap { [$0.relationship.properties, $0.relationship.predicate] }
        return expressions.compactMap { $0 }.reduce(into: Set<String>()) { $0.formUnion(freeVariables($1)) }
    }

    /// Walks the expression tree depth first, parents before children and children in order,
    /// with an explicit stack; `body` returns false to skip a node's children.
    static func visit(_ expression: Expression, _ body: (Expression) -> Bool) {
        var pending = [expression]
        while let next = pending.popLast() {
            guard body(next) else { continue }
            pending.append(contentsOf: children(of: next).reversed())
        }
    }

    /// Returns the direct subexpressions, leaving out those inside patterns and subqueries.
    static func children(of expression: Expression) -> [Expression] {
        switch expression {
        case .literal, .parameter, .variable, .countStar, .patternPredicate, .existsSubquery, .countSubquery,
            .collectSubquery:
            return []
        case .property(let base, _):
            return [base]
        case .subscript(let base, let index):
            return [base, index]
        case .slice(let base, let from, let to):
            return [base] + [from, to].compactMap { $0 }
        case .list(let items):
            return items
        case .map(let entries):
            return entries.map(\.value)
        case .unary(_, let operand), .isNull(let operand, _), .hasLabels(let operand, _):
            return [operand]
        case .binary(_, let lhs, let rhs):
            return [lhs, rhs]
        case .functionCall(let call):
            return call.arguments
        case .caseExpression(let c):
            return [c.subject, c.defaultValue].compactMap { $0 } + c.alternatives.flatMap { [$0.condition, $0.result] }
        case .listComprehension(let c):
            return [c.list] + [c.predicate, c.projection].compactMap { $0 }
        case .patternComprehension(let c):
            return [c.predicate, c.projection].compactMap { $0 }
        case .quantifier(let q):
            return [q.list] + [q.predicate].compactMap { $0 }
        case .reduce(let r):
            return [r.initial, r.list, r.expression]
        case .mapProjection(let projection):
            return projection.items.compactMap { item in
                if case .literal(_, let value) = item { return value }
                return nil
            }
        }
    }

    /// Raises the SemanticError Neo4j gives for a variable that is not in scope.
    static func checkDefined(_ expression: Expression, in scope: Set<String>) throws(ServerError) {
        if let missing = freeVariables(expression).subtracting(scope).sorted().first {
            throw ServerError(.syntaxError, "Variable `\(missing)` not defined")
        }
    }
}
