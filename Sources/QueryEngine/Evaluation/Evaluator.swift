import Cypher
import GraphValue
import Host

/// Evaluates expressions against a row.
///
/// `substitutions` contains values computed elsewhere for whole subexpressions: aggregate results
/// after grouping, and projected columns when ORDER BY runs after a projection.
struct Evaluator {
    let context: ExecutionContext
    var substitutions: [Expression: Value] = [:]

    init(_ context: ExecutionContext, substitutions: [Expression: Value] = [:]) {
        self.context = context
        self.substitutions = substitutions
    }

    /// Evaluates `expression` against `row`.
    ///
    /// - Throws: the expression's `ServerError`; `SyntaxError` when the nesting is deeper than
    ///   the thread's stack allows.
    func evaluate(_ expression: Expression, _ row: Row) throws -> Value {
        if context.stackLimit.isExhausted { throw ExecutionBudget.nestedTooDeeply }
        if !substitutions.isEmpty, let value = substitutions[expression] { return value }
        switch expression {
        case .literal(let literal):
            return Self.value(of: literal)
        case .parameter(let name):
            return try context.parameter(name)
        case .variable(let name):
            guard let value = row[name] else {
                throw ServerError(.syntaxError, "Variable `\(name)` not defined")
            }
            return value
        case .property, .subscript, .binary:
            return try evaluateChain(expression, row)
        case .slice(let base, let from, let to):
            return try CollectionOperators.slice(
                evaluate(base, row),
                from: from.map { try evaluate($0, row) },
                to: to.map { try evaluate($0, row) }
            )
        case .list(let items):
            let list = Value.list(
                try items.map {
                    try context.budget.checkpoint()
                    return try evaluate($0, row)
                }
            )
            return try Nesting.check(list)
        case .map(let entries):
            var result: [String: Value] = [:]
            for entry in entries { result[entry.key] = try evaluate(entry.value, row) }
            return try Nesting.check(.map(result))
        case .unary(let op, let operand):
            return try unary(op, evaluate(operand, row))
        case .isNull(let operand, let negated):
            return .boolean(try evaluate(operand, row).isNull != negated)
        case .hasLabels(let operand, let labels):
            return try hasLabels(evaluate(operand, row), labels)
        case .functionCall(let call):
            return try function(call, row)
        case .countStar:
            throw ServerError(.syntaxError, "count(*) can only be used in WITH, RETURN or ORDER BY")
        case .caseExpression(let caseExpression):
            return try evaluateCase(caseExpression, row)
        case .listComprehension(let comprehension):
            return try evaluateComprehension(comprehension, row)
        case .quantifier(let quantifier):
            return try evaluateQuantifier(quantifier, row)
        case .reduce(let reduce):
            return try evaluateReduce(reduce, row)
        case .mapProjection(let projection):
            return try evaluateMapProjection(projection, row)
        case .patternPredicate(let element):
            let matcher = PatternMatcher(context: context, evaluator: self)
            let part = PatternPart(element: element)
            return .boolean(try !matcher.match([part], from: row, limit: 1).isEmpty)
        case .patternComprehension(let comprehension):
            return try evaluatePatternComprehension(comprehension, row)
        case .existsSubquery(let query):
            return .boolean(try SubqueryEvaluation.count(of: query, row, self, stopAfter: 1) > 0)
        case .countSubquery(let query):
            return .integer(Int64(try SubqueryEvaluation.count(of: query, row, self, stopAfter: nil)))
        case .collectSubquery(let query):
            return try SubqueryEvaluation.collect(query, row, self)
        }
    }

    /// Evaluates a filter predicate. Only true keeps a row, while false and null drop it.
    func isTrue(_ expression: Expression, _ row: Row) throws -> Bool {
        try Logic.isTrue(evaluate(expression, row))
    }

    static func value(of literal: Literal) -> Value {
        switch literal {
        case .null: .null
        case .boolean(let b): .boolean(b)
        case .integer(let i): .integer(i)
        case .float(let d): .float(d)
        case .string(let s): .string(s)
        }
    }

    private func unary(_ op: UnaryOperator, _ operand: Value) throws -> Value {
        switch op {
        case .not:
            return Logic.not(try Logic.operand(operand, of: "NOT")).value
        case .negate:
            return try Arithmetic.negate(operand)
        case .plus:
            if operand.isNull || operand.isNumber || operand.typeName == "Duration" { return operand }
            throw ServerError(.typeError, "Cannot apply unary plus to \(operand.typeName)")
        }
    }

    private func hasLabels(_ value: Value, _ labels: LabelExpression) throws -> Value {
        switch value {
        case .null:
            return .null
        case .node(let node):
            return .boolean(labels.matches(try context.current(node).labels))
        case .relationship(let relationship):
            return .boolean(labels.matches([relationship.type]))
        default:
            throw ServerError(.typeError, "Expected a Node or Relationship for a label test, but got \(value.typeName)")
        }
    }

    private func function(_ call: FunctionCall, _ row: Row) throws -> Value {
        if AggregateKind(functionName: call.lookupName) != nil {
            throw ServerError(
                .syntaxError,
                "Invalid use of aggregating function \(call.name)(...) in this context"
            )
        }
        let definition = try FunctionRegistry.validate(name: call.lookupName, argumentCount: call.arguments.count)
        let arguments = try call.arguments.map { try evaluate($0, row) }
        return try checkSize(definition.body(arguments, context))
    }
}
