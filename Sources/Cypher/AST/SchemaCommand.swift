/// An index or constraint command.
public enum SchemaCommand: Sendable, Hashable {
    case createIndex(IndexDefinition)
    /// `DROP INDEX name [IF EXISTS]`.
    case dropIndex(name: String, ifExists: Bool)
    /// The older `DROP INDEX ON :Label(property, ...)`.
    case dropIndexOn(label: String, properties: [String])
    /// `SHOW [kind] INDEX[ES] [YIELD ...] [WHERE ...] [RETURN ...]`.
    case showIndexes(kind: IndexKind?, filter: ShowFilter)
    case createConstraint(ConstraintDefinition)
    /// `DROP CONSTRAINT name [IF EXISTS]`.
    case dropConstraint(name: String, ifExists: Bool)
    /// `SHOW [kind] CONSTRAINT[S] [YIELD ...] [WHERE ...] [RETURN ...]`.
    case showConstraints(filter: ShowFilter)
}

/// The kind of index named in `CREATE <kind> INDEX` or `SHOW <kind> INDEXES`.
public enum IndexKind: String, Sendable, Hashable {
    case range = "RANGE"
    case text = "TEXT"
    case point = "POINT"
    case lookup = "LOOKUP"
    case fulltext = "FULLTEXT"
    case vector = "VECTOR"
    /// The Neo4j 4 name, accepted as a synonym for a range index.
    case btree = "BTREE"
    /// `SHOW ALL INDEXES`; never the kind of a created index.
    case all = "ALL"
}

/// The entities an index or constraint covers: nodes with a label or relationships with a type.
public enum SchemaEntity: Sendable, Hashable {
    /// `(variable:Label)`.
    case node(variable: String, label: String)
    /// `()-[variable:TYPE]-()`.
    case relationship(variable: String, type: String)
}

/// `CREATE [kind] INDEX [name] [IF NOT EXISTS] FOR entity ON (v.p1, v.p2) [OPTIONS map]`.
public struct IndexDefinition: Sendable, Hashable {
    public var name: String?
    /// The written kind, or nil for plain `CREATE INDEX` (a range index).
    public var kind: IndexKind?
    public var ifNotExists: Bool
    public var entity: SchemaEntity
    /// The indexed property keys in order.
    public var properties: [String]
    public var options: Expression?

    public init(
        name: String? = nil,
        kind: IndexKind? = nil,
        ifNotExists: Bool = false,
        entity: SchemaEntity,
        properties: [String],
        options: Expression? = nil
    ) {
        self.name = name
        self.kind = kind
        self.ifNotExists = ifNotExists
        self.entity = entity
        self.properties = properties
        self.options = options
    }
}

/// `CREATE CONSTRAINT [name] [IF NOT EXISTS] FOR entity REQUIRE ... [OPTIONS map]`, or the
/// older `ON entity ASSERT ...` form.
public struct ConstraintDefinition: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `REQUIRE v.p IS UNIQUE` or `IS NODE UNIQUE` / `IS RELATIONSHIP UNIQUE`.
        case unique
        /// `REQUIRE (v.p1, v.p2) IS NODE KEY` or `IS RELATIONSHIP KEY` / `IS KEY`.
        case key
        /// `REQUIRE v.p IS NOT NULL`.
        case notNull
        /// `REQUIRE v.p IS :: TYPE` or `IS TYPED TYPE`; the type text is kept as written.
        case propertyType(String)
    }

    public var name: String?
    public var ifNotExists: Bool
    public var entity: SchemaEntity
    public var properties: [String]
    public var kind: Kind
    public var options: Expression?

    public init(
        name: String? = nil,
        ifNotExists: Bool = false,
        entity: SchemaEntity,
        properties: [String],
        kind: Kind,
        options: Expression? = nil
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.entity = entity
        self.properties = properties
        self.kind = kind
        self.options = options
    }
}

/// The optional `YIELD`, `WHERE` and `RETURN` after a `SHOW` command.
///
/// `SHOW ... WHERE p` sets only `predicate`; `SHOW ... YIELD a, b WHERE p RETURN ...` sets all.
public struct ShowFilter: Sendable, Hashable {
    public var yield: Yield?
    public var predicate: Expression?
    public var returnProjection: Projection?

    public init(yield: Yield? = nil, predicate: Expression? = nil, returnProjection: Projection? = nil) {
        self.yield = yield
        self.predicate = predicate
        self.returnProjection = returnProjection
    }

    /// True when nothing follows the `SHOW` command.
    public var isEmpty: Bool { yield == nil && predicate == nil && returnProjection == nil }
}
