/// `[variable IN list WHERE predicate | projection]`; both the predicate and projection are optional.
public struct ListComprehension: Sendable, Hashable {
    public var variable: String
    public var list: Expression
    public var predicate: Expression?
    public var projection: Expression?

    public init(variable: String, list: Expression, predicate: Expression? = nil, projection: Expression? = nil) {
        self.variable = variable
        self.list = list
        self.predicate = predicate
        self.projection = projection
    }
}

/// `[pathVariable = pattern WHERE predicate | projection]`.
public struct PatternComprehension: Sendable, Hashable {
    public var pathVariable: String?
    public var element: PatternElement
    public var predicate: Expression?
    public var projection: Expression

    public init(
        pathVariable: String? = nil,
        element: PatternElement,
        predicate: Expression? = nil,
        projection: Expression
    ) {
        self.pathVariable = pathVariable
        self.element = element
        self.predicate = predicate
        self.projection = projection
    }
}

/// `kind(variable IN list WHERE predicate)`.
public struct Quantifier: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case all
        case any
        case none
        case single
    }

    public var kind: Kind
    public var variable: String
    public var list: Expression
    /// The `WHERE` predicate, or nil when the text has none (the openCypher grammar allows that).
    public var predicate: Expression?

    public init(kind: Kind, variable: String, list: Expression, predicate: Expression?) {
        self.kind = kind
        self.variable = variable
        self.list = list
        self.predicate = predicate
    }
}

/// `reduce(accumulator = initial, variable IN list | expression)`.
public struct Reduce: Sendable, Hashable {
    public var accumulator: String
    public var initial: Expression
    public var variable: String
    public var list: Expression
    public var expression: Expression

    public init(accumulator: String, initial: Expression, variable: String, list: Expression, expression: Expression) {
        self.accumulator = accumulator
        self.initial = initial
        self.variable = variable
        self.list = list
        self.expression = expression
    }
}

/// `variable {items}`, which builds a map from a node, relationship or map.
public struct MapProjection: Sendable, Hashable {
    public var variable: String
    public var items: [MapProjectionItem]

    public init(variable: String, items: [MapProjectionItem]) {
        self.variable = variable
        self.items = items
    }
}

/// One item of a map projection.
public enum MapProjectionItem: Sendable, Hashable {
    /// `.key`: the property of the projected entity.
    case property(String)
    /// `.*`: all properties of the projected entity.
    case allProperties
    /// `key: expression`.
    case literal(key: String, value: Expression)
    /// `otherVariable`: the key is the variable name, the value its value.
    case variable(String)
}
