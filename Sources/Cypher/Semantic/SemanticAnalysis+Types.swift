import Host

/// Static typing of expressions, as Neo4j 5 does it when it compiles a query. An operand whose
/// type is known from the query text and certainly wrong fails with `SyntaxError` before any
/// row is read: `NOT 0`, `[] AND true`, or `labels(p)` for a path `p`. Operands of unknown type
/// (parameters, properties, most function results) are left to the evaluator, which raises
/// `TypeError` for a wrong value at run time.
extension Analyzer {
    /// Returns the static type of `expression`, rejecting operators and functions applied to
    /// operands of a certainly wrong type. Variables must already be known to be in scope.
    ///
    /// Operators, lists and maps are walked in post-order with an explicit stack, so a long
    /// chain does not recurse. The forms with a local scope recurse once per nesting level.
    func inferType(of expression: Expression, in scope: Scope) throws(ServerError) -> StaticType {
        var pending: [(expression: Expression, childrenDone: Bool)] = [(expression, false)]
        var types: [StaticType] = []
        while let (next, childrenDone) = pending.popLast() {
            if let type = try leafType(of: next, in: scope) {
                types.append(type)
                continue
            }
            let children = next.children
            if !childrenDone {
                pending.append((next, true))
                pending.append(contentsOf: children.reversed().map { ($0, false) })
                continue
            }
            let operands = Array(types.suffix(children.count))
            types.removeLast(children.count)
            types.append(try combine(next, operands: operands))
        }
        return types.last ?? .any
    }

    /// Returns the type of an expression whose children are not typed in the enclosing scope:
    /// literals, variables, and the forms with a local scope or a subquery. Returns nil for
    /// the rest, whose type ``combine(_:operands:)`` derives from their children.
    private func leafType(of expression: Expression, in scope: Scope) throws(ServerError) -> StaticType? {
        switch expression {
        case .literal(let literal): type(of: literal)
        case .parameter: .any
        case .variable(let name): scope[name] ?? .any
        case .countStar: .integer
        case .existsSubquery: .boolean
        case .countSubquery: .integer
        case .collectSubquery: .list(.any)
        case .listComprehension, .quantifier, .reduce, .patternComprehension, .mapProjection:
            try scopedType(of: expression, in: scope)
        default: nil
        }
    }

    private func type(of literal: Literal) -> StaticType {
        switch literal {
        case .null: .null
        case .boolean: .boolean
        case .integer: .integer
        case .float: .float
        case .string: .string
        }
    }

    @inline(never)
    private func scopedType(of expression: Expression, in scope: Scope) throws(ServerError) -> StaticType {
        switch expression {
        case .listComprehension(let comprehension):
            let list = try inferType(of: comprehension.list, in: scope)
            try requireList(list, context: "IN of a list comprehension")
            var inner = scope
            inner[comprehension.variable] = elementType(of: list)
            if let predicate = comprehension.predicate {
                try requireBoolean(try inferType(of: predicate, in: inner), context: "WHERE of a list comprehension")
            }
            guard let projection = comprehension.projection else { return list.isList ? list : .list(.any) }
            return .list(try inferType(of: projection, in: inner))
        case .quantifier(let quantifier):
            let list = try inferType(of: quantifier.list, in: scope)
            try requireList(list, context: "IN of \(quantifier.kind.rawValue)()")
            var inner = scope
            inner[quantifier.variable] = elementType(of: list)
            if let predicate = quantifier.predicate {
                try requireBoolean(
                    try inferType(of: predicate, in: inner),
                    context: "WHERE of \(quantifier.kind.rawValue)()"
                )
            }
            return .boolean
        case .reduce(let reduce):
            _ = try inferType(of: reduce.initial, in: scope)
            let list = try inferType(of: reduce.list, in: scope)
            try requireList(list, context: "IN of reduce()")
            var inner = scope
            // The accumulator's type may change from one step to the next, as in 0 + 1.5.
            inner[reduce.accumulator] = .any
            inner[reduce.variable] = elementType(of: list)
            _ = try inferType(of: reduce.expression, in: inner)
            return .any
        case .patternComprehension(let comprehension):
            var inner = scope
            try bindLocally(comprehension.element, in: &inner)
            if let path = comprehension.pathVariable { inner[path] = .path }
            for part in comprehension.element.expressions { _ = try inferType(of: part, in: inner) }
            if let predicate = comprehension.predicate {
                try requireBoolean(try inferType(of: predicate, in: inner), context: "WHERE of a pattern comprehension")
            }
            return .list(try inferType(of: comprehension.projection, in: inner))
        case .mapProjection(let projection):
            for case .literal(_, let value) in projection.items { _ = try inferType(of: value, in: scope) }
            return .map
        default:
            return .any
        }
    }

    private func elementType(of list: StaticType) -> StaticType {
        if case .list(let element) = list { return element }
        return .any
    }

    /// Returns the type of an operator or function application from the types of its
    /// children, in the order of `Expression.children`.
    private func combine(_ expression: Expression, operands: [StaticType]) throws(ServerError) -> StaticType {
        switch expression {
        case .unary(let op, _):
            return try unaryType(op, operands[0])
        case .binary(let op, _, _):
            return try binaryType(op, operands[0], operands[1])
        case .property:
            if operands[0] == .path {
                throw mismatch(expected: "Map, Node or Relationship", actual: .path, context: "property lookup")
            }
            return .any
        case .slice:
            return operands[0].isList ? operands[0] : .any
        case .list:
            return .list(operands.reduce(StaticType.null) { $0.joined(with: $1) })
        case .map:
            return .map
        case .isNull, .hasLabels, .patternPredicate:
            return .boolean
        case .functionCall(let call):
            return try functionType(call, operands)
        case .caseExpression(let caseExpression):
            return caseType(caseExpression, operands)
        default:
            return .any
        }
    }

    private func unaryType(_ op: UnaryOperator, _ operand: StaticType) throws(ServerError) -> StaticType {
        switch op {
        case .not:
            try requireBoolean(operand, context: "NOT")
            return .boolean
        case .negate, .plus:
            if operand.isNeverNumeric { throw mismatch(expected: "Number", actual: operand, context: op.rawValue) }
            return operand.isNumber ? operand : .any
        }
    }

    private func binaryType(_ op: BinaryOperator, _ left: StaticType, _ right: StaticType) throws(ServerError)
        -> StaticType
    {
        switch op {
        case .and, .or, .xor:
            try requireBoolean(left, context: op.rawValue)
            try requireBoolean(right, context: op.rawValue)
            return .boolean
        case .in:
            try requireList(right, context: "IN")
            return .boolean
        case .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual, .startsWith, .endsWith, .contains,
            .regexMatch:
            return .boolean
        case .add:
            return try additionType(left, right)
        case .subtract, .multiply, .divide, .modulo, .power:
            for operand in [left, right] where operand.isNeverNumeric {
                throw mismatch(expected: "Number", actual: operand, context: op.rawValue)
            }
            if op == .power, left.isNumber, right.isNumber { return .float }
            if left == .integer, right == .integer { return .integer }
            return left.isNumber && right.isNumber ? .float : .any
        }
    }

    /// `+` adds numbers, concatenates strings (with a number or boolean beside a string) and
    /// lists, and appends or prepends an element to a list, as the evaluator does.
    private func additionType(_ left: StaticType, _ right: StaticType) throws(ServerError) -> StaticType {
        switch (left, right) {
        case (.any, _), (_, .any):
            return .any
        case (.null, _), (_, .null):
            return .null
        case (.list(let a), .list(let b)):
            return .list(a.joined(with: b))
        case (.list(let a), _):
            return .list(a.joined(with: right))
        case (_, .list(let b)):
            return .list(left.joined(with: b))
        case (.integer, .integer):
            return .integer
        case (.integer, .float), (.float, .integer), (.float, .float):
            return .float
        case (.string, .string), (.string, .integer), (.string, .float), (.string, .boolean),
            (.integer, .string), (.float, .string), (.boolean, .string):
            return .string
        default:
            throw failure("Type mismatch: cannot add \(left.name) and \(right.name) with +")
        }
    }

    private func caseType(_ expression: CaseExpression, _ operands: [StaticType]) -> StaticType {
        // Children are [subject?] + (condition, result) per alternative + [default?].
        let offset = expression.subject == nil ? 0 : 1
        var result = StaticType.null
        for index in expression.alternatives.indices {
            result = result.joined(with: operands[offset + 2 * index + 1])
        }
        if expression.defaultValue != nil, let last = operands.last { result = result.joined(with: last) }
        return result
    }

    /// Checks the first argument of the functions that accept only certain graph or collection
    /// types, and returns the result types that are certain.
    private func functionType(_ call: FunctionCall, _ arguments: [StaticType]) throws(ServerError) -> StaticType {
        guard call.namespace.isEmpty, let signature = Self.functionSignatures[call.lookupName] else {
            return call.namespace.isEmpty && call.lookupName == "count" ? .integer : .any
        }
        if let argument = arguments.first, !argument.isUnknownOrNull {
            let accepted = signature.accepts.contains { $0 == argument || ($0 == .list(.any) && argument.isList) }
            if !accepted {
                let expected = signature.accepts.map(\.name).joined(separator: " or ")
                throw mismatch(expected: expected, actual: argument, context: "argument of \(call.name)()")
            }
        }
        return signature.result
    }

    /// The functions whose first argument has a statically checked type; `List<Any>` stands for
    /// any list.
    private static let functionSignatures: [String: (accepts: [StaticType], result: StaticType)] = [
        "labels": ([.node], .list(.string)),
        "type": ([.relationship], .string),
        "length": ([.path], .integer),
        "size": ([.list(.any), .string], .integer),
        "nodes": ([.path], .list(.node)),
        "relationships": ([.path], .list(.relationship)),
        "startnode": ([.relationship], .node),
        "endnode": ([.relationship], .node),
        "id": ([.node, .relationship], .integer),
        "elementid": ([.node, .relationship], .string),
    ]

    /// Rejects a WHERE predicate, or an operand of NOT, AND, OR or XOR, that cannot be a boolean.
    func requireBoolean(_ type: StaticType, context: String) throws(ServerError) {
        if !type.isUnknownOrNull, type != .boolean {
            throw mismatch(expected: "Boolean", actual: type, context: context)
        }
    }

    private func requireList(_ type: StaticType, context: String) throws(ServerError) {
        if !type.isUnknownOrNull, !type.isList {
            throw mismatch(expected: "List<T>", actual: type, context: context)
        }
    }

    /// Rejects a DELETE operand that cannot be a node, relationship, path or list of them.
    func requireDeletable(_ type: StaticType) throws(ServerError) {
        let deletable: Bool
        switch type {
        case .any, .null, .node, .relationship, .path: deletable = true
        case .list(let element): deletable = [.any, .null, .node, .relationship, .path].contains(element)
        case .boolean, .integer, .float, .string, .map: deletable = false
        }
        if !deletable { throw mismatch(expected: "Node, Path or Relationship", actual: type, context: "DELETE") }
    }

    private func mismatch(expected: String, actual: StaticType, context: String) -> ServerError {
        failure("Type mismatch: expected \(expected) but was \(actual.name) (\(context))")
    }
}
