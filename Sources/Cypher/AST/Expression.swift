/// A Cypher expression.
///
/// The parser desugars a chained comparison `a < b <= c` into `a < b AND b <= c`, as the
/// openCypher specification defines it, so executors see only binary comparisons.
public indirect enum Expression: Sendable, Hashable {
    case literal(Literal)
    /// `$name` or `$0`; the name is stored without the `$`.
    case parameter(String)
    case variable(String)
    /// `expression.key`.
    case property(Expression, key: String)
    /// `list[index]` or `map[key]`.
    case `subscript`(Expression, index: Expression)
    /// `list[from..to]`; a missing bound is open.
    case slice(Expression, from: Expression?, to: Expression?)
    /// `[a, b, c]`.
    case list([Expression])
    /// `{key: value, ...}` with the keys in written order.
    case map([MapEntry])
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    /// `expression IS NULL`, or `IS NOT NULL` when `negated`.
    case isNull(Expression, negated: Bool)
    /// `expression:A:B` or `expression:A|!B`: true when the node's labels, or the relationship's
    /// type, match the label expression.
    case hasLabels(Expression, labels: LabelExpression)
    case functionCall(FunctionCall)
    /// `count(*)`.
    case countStar
    case caseExpression(CaseExpression)
    /// `[x IN list WHERE predicate | projection]`.
    case listComprehension(ListComprehension)
    /// `[p = (a)-->(b) WHERE predicate | projection]`.
    case patternComprehension(PatternComprehension)
    /// `all`, `any`, `none` or `single(x IN list WHERE predicate)`.
    case quantifier(Quantifier)
    /// `reduce(accumulator = initial, x IN list | expression)`.
    case reduce(Reduce)
    /// `(a)-->(b)` used as a boolean: true when at least one match exists.
    case patternPredicate(PatternElement)
    /// `EXISTS { ... }`.
    case existsSubquery(Query)
    /// `COUNT { ... }`.
    case countSubquery(Query)
    /// `COLLECT { ... }`.
    case collectSubquery(Query)
    /// `variable {.key, .*, key: expression, otherVariable}`.
    case mapProjection(MapProjection)
}

/// A literal value written in the query.
public enum Literal: Sendable, Hashable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    case string(String)
}

/// One `key: value` entry of a map literal.
public struct MapEntry: Sendable, Hashable {
    public var key: String
    public var value: Expression

    public init(key: String, value: Expression) {
        self.key = key
        self.value = value
    }
}

public enum UnaryOperator: String, Sendable, Hashable {
    case not = "NOT"
    case negate = "-"
    case plus = "+"
}

/// A binary operator; the raw value is its Cypher spelling.
public enum BinaryOperator: String, Sendable, Hashable {
    case or = "OR"
    case xor = "XOR"
    case and = "AND"
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case greater = ">"
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case `in` = "IN"
    case startsWith = "STARTS WITH"
    case endsWith = "ENDS WITH"
    case contains = "CONTAINS"
    case regexMatch = "=~"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"
    case power = "^"

    /// True for `=`, `<>`, `<`, `>`, `<=` and `>=`.
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual: true
        default: false
        }
    }
}

/// `namespace.name([DISTINCT] arguments)`.
public struct FunctionCall: Sendable, Hashable {
    /// The namespace parts before the name: `["apoc", "text"]` for `apoc.text.join`.
    public var namespace: [String]
    /// The name as written; Cypher function names are case-insensitive.
    public var name: String
    public var distinct: Bool
    public var arguments: [Expression]

    public init(namespace: [String] = [], name: String, distinct: Bool = false, arguments: [Expression]) {
        self.namespace = namespace
        self.name = name
        self.distinct = distinct
        self.arguments = arguments
    }

    /// The dotted name in lower case, for looking the function up: `tolower`, `apoc.text.join`.
    public var lookupName: String { (namespace + [name]).joined(separator: ".").lowercased() }
}

/// `CASE [subject] WHEN ... THEN ... [ELSE ...] END`.
///
/// With a subject (the simple form) each `when` is compared to it for equality; without one
/// (the generic form) each `when` is a predicate.
public struct CaseExpression: Sendable, Hashable {
    public var subject: Expression?
    public var alternatives: [CaseAlternative]
    public var defaultValue: Expression?

    public init(subject: Expression? = nil, alternatives: [CaseAlternative], defaultValue: Expression? = nil) {
        self.subject = subject
        self.alternatives = alternatives
        self.defaultValue = defaultValue
    }
}

/// One `WHEN condition THEN result` of a `CASE`.
public struct CaseAlternative: Sendable, Hashable {
    public var condition: Expression
    public var result: Expression

    public init(condition: Expression, result: Expression) {
        self.condition = condition
        self.result = result
    }
}
