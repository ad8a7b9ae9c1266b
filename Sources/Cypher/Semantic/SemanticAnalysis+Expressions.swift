import Host

extension Analyzer {
    /// Checks that every variable of `expression` is in scope and that no operand has a type
    /// that is certainly wrong, and returns the expression's static type.
    @discardableResult
    func check(_ expression: Expression, in scope: Scope) throws(ServerError) -> StaticType {
        try checkReferences(expression, in: scope)
        return try inferType(of: expression, in: scope)
    }

    /// Checks that every variable of `expression` is in scope, with local scopes for
    /// comprehensions, quantifiers, `reduce` and subqueries.
    ///
    /// Operators, lookups, lists and maps are walked with an explicit stack, so a long chain
    /// does not recurse. Only the forms with a local scope recurse, each in a function of its
    /// own, which keeps the frames of the recursion small.
    private func checkReferences(_ expression: Expression, in scope: Scope) throws(ServerError) {
        var pending = [expression]
        while let next = pending.popLast() {
            switch next {
            case .variable(let name):
                guard scope.contains(name) else { throw undefined(name) }
            case .listComprehension, .quantifier, .reduce, .patternComprehension, .patternPredicate,
                .existsSubquery, .countSubquery, .collectSubquery, .mapProjection, .functionCall:
                try checkScoped(next, in: scope)
            default:
                pending.append(contentsOf: next.children.reversed())
            }
        }
    }

    @inline(never)
    private func checkScoped(_ expression: Expression, in scope: Scope) throws(ServerError) {
        switch expression {
        case .listComprehension(let comprehension):
            try check(comprehension, in: scope)
        case .quantifier(let quantifier):
            try check(quantifier, in: scope)
        case .reduce(let reduce):
            try check(reduce, in: scope)
        case .patternComprehension(let comprehension):
            try check(comprehension, in: scope)
        case .patternPredicate(let element):
            try checkPredicate(element, in: scope)
        case .existsSubquery(let query), .countSubquery(let query), .collectSubquery(let query):
            try checkSubquery(query, kind: Self.subqueryKeyword(expression), in: scope)
        case .mapProjection(let projection):
            try check(projection, in: scope)
        case .functionCall(let call):
            try check(call, aggregate: isAggregate(expression), in: scope)
        default:
            try checkReferences(expression, in: scope)
        }
    }

    @inline(never)
    private func check(_ comprehension: ListComprehension, in scope: Scope) throws(ServerError) {
        try checkReferences(comprehension.list, in: scope)
        var inner = scope
        inner[comprehension.variable] = .any
        for part in [comprehension.predicate, comprehension.projection].compactMap({ $0 }) {
            try checkNoAggregate(part, context: "a list comprehension")
            try checkReferences(part, in: inner)
        }
    }

    @inline(never)
    private func check(_ quantifier: Quantifier, in scope: Scope) throws(ServerError) {
        try checkReferences(quantifier.list, in: scope)
        var inner = scope
        inner[quantifier.variable] = .any
        if let predicate = quantifier.predicate {
            try checkNoAggregate(predicate, context: "a quantifier")
            try checkReferences(predicate, in: inner)
        }
    }

    @inline(never)
    private func check(_ reduce: Reduce, in scope: Scope) throws(ServerError) {
        try checkReferences(reduce.initial, in: scope)
        try checkReferences(reduce.list, in: scope)
        var inner = scope
        inner[reduce.accumulator] = .any
        inner[reduce.variable] = .any
        try checkNoAggregate(reduce.expression, context: "reduce")
        try checkReferences(reduce.expression, in: inner)
    }

    @inline(never)
    private func check(_ comprehension: PatternComprehension, in scope: Scope) throws(ServerError) {
        var inner = scope
        try bindLocally(comprehension.element, in: &inner)
        if let path = comprehension.pathVariable { inner[path] = .path }
        for part in comprehension.element.expressions + [comprehension.predicate].compactMap({ $0 }) {
            try checkReferences(part, in: inner)
        }
        try checkReferences(comprehension.projection, in: inner)
    }

    @inline(never)
    private func checkPredicate(_ element: PatternElement, in scope: Scope) throws(ServerError) {
        for name in variables(of: element) where !scope.contains(name) {
            throw failure("Variable `\(name)` not defined: a pattern predicate cannot introduce new variables")
        }
        for part in element.expressions { try checkReferences(part, in: scope) }
    }

    @inline(never)
    private func checkSubquery(_ query: Query, kind: String, in scope: Scope) throws(ServerError) {
        try checkNoUpdates(in: query, kind: kind)
        var analyzer = self
        _ = try analyzer.check(query, scope: scope)
    }

    @inline(never)
    private func check(_ projection: MapProjection, in scope: Scope) throws(ServerError) {
        guard scope.contains(projection.variable) else { throw undefined(projection.variable) }
        for item in projection.items {
            switch item {
            case .variable(let name): if !scope.contains(name) { throw undefined(name) }
            case .literal(_, let value): try checkReferences(value, in: scope)
            case .property, .allProperties: break
            }
        }
    }

    @inline(never)
    private func check(_ call: FunctionCall, aggregate: Bool, in scope: Scope) throws(ServerError) {
        for argument in call.arguments {
            if aggregate, containsAggregate(argument) {
                throw failure("Can't use aggregate functions inside of aggregate functions.")
            }
            if aggregate, containsRandomFunction(argument) {
                throw failure("Can't use non-deterministic (random) functions inside of aggregate functions.")
            }
            if case .patternPredicate = argument, call.lookupName != "exists" { throw patternAsValue() }
            try checkReferences(argument, in: scope)
        }
    }

    private static func subqueryKeyword(_ expression: Expression) -> String {
        switch expression {
        case .countSubquery: "COUNT"
        case .collectSubquery: "COLLECT"
        default: "EXISTS"
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
    func bindLocally(_ element: PatternElement, in scope: inout Scope) throws(ServerError) {
        for node in element.nodes {
            if let name = node.variable, scope[name] == nil { scope[name] = .node }
        }
        for step in element.chain {
            if let name = step.relationship.variable, scope[name] == nil {
                scope[name] = step.relationship.length == nil ? .relationship : .list(.relationship)
            }
        }
    }
}
