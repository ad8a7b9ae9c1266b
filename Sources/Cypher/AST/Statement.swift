/// The root of a parsed Cypher text: a query, a schema command or an administration command.
public enum Statement: Sendable, Hashable {
    /// Reads or writes graph data, possibly as a `UNION` of several single queries.
    case query(Query)
    /// Creates, drops or lists indexes and constraints.
    case schema(SchemaCommand)
    /// User and role administration; passwords and names given as parameters are still unresolved.
    case administration(AdministrationStatement)
}

/// A query: one single query, or several joined by `UNION` or `UNION ALL`.
///
/// The parser rejects a text that mixes `UNION` and `UNION ALL`, as Neo4j does, so every
/// ``Union`` of one query has the same `all`.
public struct Query: Sendable, Hashable {
    public var first: SingleQuery
    public var unions: [Union]

    public init(first: SingleQuery, unions: [Union] = []) {
        self.first = first
        self.unions = unions
    }

    /// All single queries in the order written.
    public var singleQueries: [SingleQuery] { [first] + unions.map(\.query) }
}

/// One `UNION [ALL]` and the single query on its right-hand side.
public struct Union: Sendable, Hashable {
    /// True for `UNION ALL`, which keeps duplicate rows.
    public var all: Bool
    public var query: SingleQuery

    public init(all: Bool, query: SingleQuery) {
        self.all = all
        self.query = query
    }
}

/// A sequence of clauses without `UNION`.
///
/// The parser checks that `RETURN` comes last and that a top-level or `CALL { }` query ends
/// with `RETURN`, an updating clause or a procedure call. ``SemanticAnalysis`` checks scopes.
public struct SingleQuery: Sendable, Hashable {
    public var clauses: [Clause]

    public init(clauses: [Clause]) { self.clauses = clauses }
}
