import Host

extension Analyzer {
    /// Checks that every variable of `expression` is in scope, with local scopes for
    /// comprehensions, quantifiers, `reduce` and subqueries.
    func check(_ expression: Expression, in scope: Scope) throws(ServerError) {
        switch expression {
        case .variable(let name):
            guard scope.contains(name) else { throw undefined(name) }
        case .listComprehension(let comprehension):
            try check(comprehension.list, in: scope)
            var inner = scope
            inner[comprehension.variable] = .value
            for part in [comprehension.predicate, comprehension.projection].compactMap({ $0 }) {
                try checkNoAggregate(part, context: "a list comprehension")
                try check(part, in: inner)
            }
        case .quantifier(let quantifier):
            try check(quantifier.list, in: scope)
            var inner = scope
            inner[quantifier.variable] = .value
            if let predicate = quantifier.predicate {
                try checkNoAggregate(predicate, context: "a quantifier")
                try check(predicate, in: inner)
            }
        case .reduce(let reduce):
            try check(reduce.initial, in: scope)
            try check(reduce.list, in: scope)
            var inner = scope
            inner[reduce.accumulator] = .value
            inner[reduce.variable] = .value
            try checkNoAggregate(reduce.expression, context: "reduce")
            try check(reduce.expression, in: inner)
        case .patternComprehension(let comprehension):
            var inner = scope
            try bindLocally(comprehension.element, in: &inner)
            if let path = comprehension.pathVariable { inner[path] = .path }
            for part in comprehension.element.expressions + [comprehension.predicate].compactMap({ $0 }) {
                try check(part, in: inner)
            }
            try check(comprehension.projection, in: inner)
        case .patternPredicate(let element):
            for name in variables(of: element) where !scope.contains(name) {
                throw failure("Variable `\(name)` not defined: a pattern predicate cannot introduce new variables")
            }
            for part in element.expressions { try check(part, in: scope) }
        case .existsSubquery(let query), .countSubquery(let query), .collectSubquery(let query):
            var analyzer = self
            _ = try analyzer.check(query, scope: scope)
        case .mapProjection(let projection):
            guard scope.contains(projection.variable) else { throw undefined(projection.variable) }
            for item in projection.items {
                switch item {
                case .variable(let name): if !scope.contains(name) { throw undefined(name) }
                case .literal(_, let value): try check(value, in: scope)
                case .property, .allProperties: break
                }
            }
        case .functionCall(let call):
            let aggregate = isAggregate(expression)
            for argument in call.arguments {
                if aggregate, containsAggregate(argument) {
                    throw failure("Can't use aggregate functions inside of aggregate functions.")
                }
                if case .patternPredicate = argument, call.lookupName != "exists" { throw patternAsValue() }
                try check(argument, in: scope)
            }
        default:
            for child in expression.children { try check(child, in: scope) }
        }
    }

    /// Returns the node and relationship variables named in a pattern element.
    func variables(of element: PatternElement) -> [String] {
        var names = [element.start.variable].compactMap { $0 }
        for step in element.chain {
            names += [step.relationship.variable, step.node.variable].compactMap { $0 }
        }
        return names
    }

    /// Binds the variables of a pattern comprehension, which may introduce new ones.
    private func bindLocally(_ element: PatternElement, in scope: inout Scope) throws(ServerError) {
        for node in element.nodes {
            if let name = node.variable, scope[name] == nil { scope[name] = .node }
        }
        for step in element.chain {
            if let name = step.relationship.variable, scope[name] == nil {
                scope[name] = step.relationship.length == nil ? .relationship : .relationshipList
            }
        }
    }
}
