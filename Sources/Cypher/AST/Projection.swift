/// The body shared by `WITH` and `RETURN`.
public struct Projection: Sendable, Hashable {
    public var distinct: Bool
    /// True for `*`, which projects every variable in scope before the listed items.
    public var includesAll: Bool
    public var items: [ProjectionItem]
    public var orderBy: [SortItem]
    public var skip: Expression?
    public var limit: Expression?

    public init(
        distinct: Bool = false,
        includesAll: Bool = false,
        items: [ProjectionItem],
        orderBy: [SortItem] = [],
        skip: Expression? = nil,
        limit: Expression? = nil
    ) {
        self.distinct = distinct
        self.includesAll = includesAll
        self.items = items
        self.orderBy = orderBy
        self.skip = skip
        self.limit = limit
    }
}

/// `expression [AS alias]` in `WITH` or `RETURN`.
public struct ProjectionItem: Sendable, Hashable {
    public var expression: Expression
    public var alias: String?
    /// The expression exactly as written in the query, which names the column when there is no
    /// alias (Neo4j names `RETURN count( * )` as `count( * )`).
    public var text: String

    public init(expression: Expression, alias: String? = nil, text: String) {
        self.expression = expression
        self.alias = alias
        self.text = text
    }

    /// The column or variable name this item produces.
    public var name: String { alias ?? text }
}

/// `expression [ASC | ASCENDING | DESC | DESCENDING]` in `ORDER BY`.
public struct SortItem: Sendable, Hashable {
    public var expression: Expression
    public var ascending: Bool

    public init(expression: Expression, ascending: Bool = true) {
        self.expression = expression
        self.ascending = ascending
    }
}
