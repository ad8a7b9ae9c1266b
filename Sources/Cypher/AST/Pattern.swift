/// A comma-separated list of pattern parts, as in `MATCH (a), p = (b)-->(c)`.
public struct Pattern: Sendable, Hashable {
    public var parts: [PatternPart]

    public init(parts: [PatternPart]) { self.parts = parts }
}

/// One part of a pattern, optionally bound to a path variable: `p = (a)-[r]->(b)`.
public struct PatternPart: Sendable, Hashable {
    /// The shortest-path function a part may be wrapped in.
    public enum Selector: Sendable, Hashable {
        case all
        /// `shortestPath(...)`.
        case shortestPath
        /// `allShortestPaths(...)`.
        case allShortestPaths
    }

    public var variable: String?
    public var selector: Selector
    public var element: PatternElement

    public init(variable: String? = nil, selector: Selector = .all, element: PatternElement) {
        self.variable = variable
        self.selector = selector
        self.element = element
    }
}

/// A chain of node and relationship patterns: a node, then zero or more relationship-node steps.
public struct PatternElement: Sendable, Hashable {
    public var start: NodePattern
    public var chain: [PatternStep]

    public init(start: NodePattern, chain: [PatternStep] = []) {
        self.start = start
        self.chain = chain
    }

    /// Every node pattern in order, the start node first.
    public var nodes: [NodePattern] { [start] + chain.map(\.node) }
}

/// One relationship pattern and the node pattern after it.
public struct PatternStep: Sendable, Hashable {
    public var relationship: RelationshipPattern
    public var node: NodePattern

    public init(relationship: RelationshipPattern, node: NodePattern) {
        self.relationship = relationship
        self.node = node
    }
}

/// `(variable:Label1:Label2 {properties})`.
public struct NodePattern: Sendable, Hashable {
    public var variable: String?
    /// Labels the node must all have (`:A:B` or `:A&B`).
    public var labels: [String]
    /// Any other label expression the node must match, such as `:A|B` or `:!A`. `labels` is then empty.
    public var labelExpression: LabelExpression?
    /// A map literal or a parameter.
    public var properties: Expression?
    /// An inline `WHERE` predicate, as in `(n WHERE n.x > 1)`.
    public var predicate: Expression?

    public init(
        variable: String? = nil,
        labels: [String] = [],
        properties: Expression? = nil,
        predicate: Expression? = nil
    ) {
        self.variable = variable
        self.labels = labels
        self.properties = properties
        self.predicate = predicate
    }
}

/// The direction of a relationship pattern, relative to the node written before it.
public enum RelationshipDirection: Sendable, Hashable {
    /// `-->`.
    case outgoing
    /// `<--`.
    case incoming
    /// `--` or `<-->`: either direction.
    case both
}

/// `-[variable:TYPE1|TYPE2 *min..max {properties}]->`.
public struct RelationshipPattern: Sendable, Hashable {
    public var variable: String?
    /// Alternative types; empty means any type.
    public var types: [String]
    /// Any other type expression the relationship must match, such as `:!A` or `:%`. `types` is then empty.
    public var typeExpression: LabelExpression?
    public var direction: RelationshipDirection
    /// The length range, or nil for a single relationship.
    public var length: LengthRange?
    /// A map literal or a parameter.
    public var properties: Expression?
    /// An inline `WHERE` predicate, as in `-[r WHERE r.w > 1]->`.
    public var predicate: Expression?

    public init(
        variable: String? = nil,
        types: [String] = [],
        direction: RelationshipDirection,
        length: LengthRange? = nil,
        properties: Expression? = nil,
        predicate: Expression? = nil
    ) {
        self.variable = variable
        self.types = types
        self.direction = direction
        self.length = length
        self.properties = properties
        self.predicate = predicate
    }
}

/// The bounds of a variable-length relationship; a missing bound is open.
///
/// `*` is `(nil, nil)`, `*2` is `(2, 2)`, `*1..3` is `(1, 3)`, `*..3` is `(nil, 3)` and
/// `*2..` is `(2, nil)`. Cypher's default minimum for an open lower bound is 1.
public struct LengthRange: Sendable, Hashable {
    public var minimum: Int64?
    public var maximum: Int64?

    public init(minimum: Int64? = nil, maximum: Int64? = nil) {
        self.minimum = minimum
        self.maximum = maximum
    }
}
