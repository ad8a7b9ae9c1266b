import Host

extension Analyzer {
    enum PatternMode {
        case match
        case create
        case merge
    }

    /// Binds the variables of a MATCH, CREATE or MERGE pattern, checking reuse and types, and
    /// then checks the property maps and inline predicates.
    func bind(_ pattern: Pattern, in scope: inout Scope, mode: PatternMode) throws(ServerError) {
        let before = scope
        for part in pattern.parts {
            if let path = part.variable, scope.contains(path) || variables(of: part.element).contains(path) {
                throw alreadyDeclared(path)
            }
            try bindNode(part.element.start, in: &scope, mode: mode)
            for step in part.element.chain {
                try bindRelationship(step.relationship, in: &scope, before: before, mode: mode)
                try bindNode(step.node, in: &scope, mode: mode)
            }
            if let path = part.variable { scope[path] = .path }
        }
        for part in pattern.parts {
            var properties = [part.element.start.properties]
            properties += part.element.chain.flatMap { [$0.relationship.properties, $0.node.properties] }
            for case .parameter? in properties where mode != .create {
                throw failure(
                    "Parameter maps cannot be used in \(mode == .match ? "MATCH" : "MERGE") patterns "
                        + "(use a literal map instead, e.g. {id: $param.id})"
                )
            }
            for expression in part.element.expressions { try check(expression, in: scope) }
        }
    }

    private func bindNode(_ node: NodePattern, in scope: inout Scope, mode: PatternMode) throws(ServerError) {
        if mode != .match, node.labelExpression != nil {
            let clause = mode == .create ? "CREATE" : "MERGE"
            throw failure("Label expressions with `|`, `!`, `%` or parentheses cannot be used in \(clause)")
        }
        guard let name = node.variable else { return }
        guard let kind = scope[name] else {
            scope[name] = .node
            return
        }
        if !kind.isCompatible(with: .node) { throw typeConflict(name, kind, expected: .node) }
        if mode != .match, !node.labels.isEmpty || node.properties != nil {
            throw failure(
                "Can't create node `\(name)` with labels or properties here. "
                    + "The variable is already declared in this context"
            )
        }
    }

    private func bindRelationship(
        _ relationship: RelationshipPattern,
        in scope: inout Scope,
        before: Scope,
        mode: PatternMode
    ) throws(ServerError) {
        if mode != .match {
            let clause = mode == .create ? "CREATE" : "MERGE"
            guard relationship.types.count == 1 else {
                throw failure("Exactly one relationship type must be specified for \(clause)")
            }
            if mode == .create, relationship.direction == .both {
                throw failure("Only directed relationships are supported in CREATE")
            }
            if relationship.length != nil {
                throw failure("Variable length relationships cannot be used in \(clause)")
            }
        }
        guard let name = relationship.variable else { return }
        let kind: StaticType = relationship.length == nil ? .relationship : .list(.relationship)
        guard let existing = scope[name] else {
            scope[name] = kind
            return
        }
        if mode != .match { throw alreadyDeclared(name) }
        if !existing.isCompatible(with: kind) { throw typeConflict(name, existing, expected: kind) }
        if !before.contains(name) {
            throw failure("Cannot use the same relationship variable '\(name)' for multiple relationships")
        }
    }

    func typeConflict(_ name: String, _ kind: StaticType, expected: StaticType) -> ServerError {
        failure(
            "Type mismatch: `\(name)` defined with conflicting type \(kind.name) (expected \(expected.name))"
        )
    }
}
