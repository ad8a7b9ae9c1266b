/// One clause of a single query.
public enum Clause: Sendable, Hashable {
    /// `MATCH` or `OPTIONAL MATCH`.
    case match(Match)
    case unwind(Unwind)
    /// `CALL proc(args) [YIELD ...]` inside a query or as a standalone statement.
    case call(ProcedureCall)
    /// `CALL { subquery }`.
    case subquery(SubqueryCall)
    case with(With)
    case `return`(Return)
    case create(Create)
    case merge(Merge)
    case set([SetItem])
    case remove([RemoveItem])
    /// `DELETE` or `DETACH DELETE`.
    case delete(Delete)
    case foreach(Foreach)
}

/// `[OPTIONAL] MATCH pattern [WHERE predicate]`.
public struct Match: Sendable, Hashable {
    public var optional: Bool
    public var pattern: Pattern
    public var predicate: Expression?

    public init(optional: Bool = false, pattern: Pattern, predicate: Expression? = nil) {
        self.optional = optional
        self.pattern = pattern
        self.predicate = predicate
    }
}

/// `UNWIND expression AS variable`.
public struct Unwind: Sendable, Hashable {
    public var expression: Expression
    public var variable: String

    public init(expression: Expression, variable: String) {
        self.expression = expression
        self.variable = variable
    }
}

/// `WITH projection [WHERE predicate]`.
public struct With: Sendable, Hashable {
    public var projection: Projection
    public var predicate: Expression?

    public init(projection: Projection, predicate: Expression? = nil) {
        self.projection = projection
        self.predicate = predicate
    }
}

/// `RETURN projection`.
public struct Return: Sendable, Hashable {
    public var projection: Projection

    public init(projection: Projection) { self.projection = projection }
}

/// `CREATE pattern`.
public struct Create: Sendable, Hashable {
    public var pattern: Pattern

    public init(pattern: Pattern) { self.pattern = pattern }
}

/// `MERGE part [ON CREATE SET ...] [ON MATCH SET ...]`; the actions keep their written order.
public struct Merge: Sendable, Hashable {
    public var part: PatternPart
    public var actions: [MergeAction]

    public init(part: PatternPart, actions: [MergeAction] = []) {
        self.part = part
        self.actions = actions
    }

    /// The `SET` items of every `ON CREATE` action, in order.
    public var onCreate: [SetItem] { actions.filter { $0.trigger == .onCreate }.flatMap(\.items) }
    /// The `SET` items of every `ON MATCH` action, in order.
    public var onMatch: [SetItem] { actions.filter { $0.trigger == .onMatch }.flatMap(\.items) }
}

/// One `ON CREATE SET ...` or `ON MATCH SET ...` of a `MERGE`.
public struct MergeAction: Sendable, Hashable {
    public enum Trigger: Sendable, Hashable {
        case onCreate
        case onMatch
    }

    public var trigger: Trigger
    public var items: [SetItem]

    public init(trigger: Trigger, items: [SetItem]) {
        self.trigger = trigger
        self.items = items
    }
}

/// One item of `SET`.
public enum SetItem: Sendable, Hashable {
    /// `entity.key = value`; `entity` is usually a variable but may be any atom with lookups.
    case property(entity: Expression, key: String, value: Expression)
    /// `variable = map`: replaces all properties.
    case replaceProperties(variable: String, value: Expression)
    /// `variable += map`: adds and overwrites properties, keeping the others.
    case mergeProperties(variable: String, value: Expression)
    /// `variable:A:B`.
    case labels(variable: String, labels: [String])
}

/// One item of `REMOVE`.
public enum RemoveItem: Sendable, Hashable {
    /// `entity.key`.
    case property(entity: Expression, key: String)
    /// `variable:A:B`.
    case labels(variable: String, labels: [String])
}

/// `[DETACH] DELETE expression, ...`.
public struct Delete: Sendable, Hashable {
    public var detach: Bool
    public var expressions: [Expression]

    public init(detach: Bool = false, expressions: [Expression]) {
        self.detach = detach
        self.expressions = expressions
    }
}

/// `FOREACH (variable IN list | clause ...)`; the inner clauses are updating clauses.
public struct Foreach: Sendable, Hashable {
    public var variable: String
    public var list: Expression
    public var clauses: [Clause]

    public init(variable: String, list: Expression, clauses: [Clause]) {
        self.variable = variable
        self.list = list
        self.clauses = clauses
    }
}
