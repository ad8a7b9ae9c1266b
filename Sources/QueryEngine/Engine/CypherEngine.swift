public import Cypher
public import GraphValue
public import Host
public import Store

/// The Cypher engine: parses, plans and runs statements against a ``GraphStore``.
///
/// `prepare` is CPU-only and thread-safe, and caches statements by their text. Transactions
/// block on the store, so callers run them on a blocking pool.
public final class CypherEngine: QueryEngine {
    public let store: any GraphStore
    private let cache: ParseCache
    private let procedures: ProcedureRegistry

    /// - Parameters:
    ///   - store: where the graph lives.
    ///   - parseCacheCapacity: how many prepared statements to keep; 0 disables the cache.
    ///   - testProcedures: fixed-table procedures for tests, added to the built-in ones.
    public init(store: any GraphStore, parseCacheCapacity: Int = 1000, testProcedures: [TestProcedure] = []) {
        self.store = store
        self.cache = ParseCache(capacity: parseCacheCapacity)
        self.procedures = ProcedureRegistry(testProcedures: testProcedures)
    }

    public var databaseNames: [String] { store.databaseNames }

    /// Parses and plans `text`, which may start with `EXPLAIN` or `PROFILE`. Either needs the
    /// same permissions as the query it prefixes.
    ///
    /// - Throws: `SyntaxError` from the parser; `SemanticError` for variables out of scope,
    ///   misplaced aggregates or clauses; `ProcedureNotFound` for an unknown procedure.
    public func prepare(_ text: String) throws -> PreparedStatement {
        if let cached = cache.statement(for: text) { return cached }
        let (mode, statement) = try CypherParser.parseWithMode(text)
        try SemanticAnalysis.check(statement)
        let (compiled, kind) = try CompiledStatement.compile(statement, mode: mode, procedures: procedures)
        let prepared = PreparedStatement(
            text: text,
            kind: kind,
            requiredPermissions: requiredPermissions(of: statement),
            plan: compiled
        )
        cache.insert(prepared, for: text)
        return prepared
    }

    /// Substitutes parameters into an administration statement, such as `SET PASSWORD $pw`.
    ///
    /// - Throws: `ParameterMissing` for an absent parameter, `TypeError` for a non-string one.
    public func resolveAdministration(_ statement: PreparedStatement, parameters: [String: Value]) throws
        -> AdministrationCommand
    {
        guard let parsed = Self.administrationStatement(of: statement) else {
            throw ServerError(.unknownError, "The statement is not an administration command.")
        }
        return try parsed.resolve(parameters: parameters)
    }

    /// Returns the administration statement as parsed, with its `SHOW` filters, or nil for other kinds.
    public static func administrationStatement(of statement: PreparedStatement) -> AdministrationStatement? {
        guard let compiled = statement.plan as? CompiledStatement, case .administration(let parsed) = compiled.body
        else { return nil }
        return parsed
    }

    /// Describes the plan's operators, one a line (for example `Match index(n.name)`), for diagnostics.
    public static func planDescription(of statement: PreparedStatement) -> String {
        guard let compiled = statement.plan as? CompiledStatement else { return "" }
        switch compiled.body {
        case .query(let plan): return plan.description
        case .schema: return "Schema"
        case .administration: return "Administration"
        }
    }

    /// Starts a transaction on a data database.
    ///
    /// NOTE: Every transaction is opened for writing, because the statements it will run are not
    /// known yet; the store may serialize such transactions.
    public func beginTransaction(database: String) throws -> any QueryTransaction {
        let databaseID = try store.databaseIdentifier(database)
        let transaction = try store.beginTransaction(database: database, readOnly: false)
        return CypherTransaction(transaction: transaction, databaseID: databaseID, procedures: procedures)
    }
}
