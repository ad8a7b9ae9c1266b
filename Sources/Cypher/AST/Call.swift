/// `CALL namespace.name(arguments) [YIELD ...]`.
public struct ProcedureCall: Sendable, Hashable {
    /// The namespace parts before the name: `["db"]` for `db.labels`.
    public var namespace: [String]
    public var name: String
    /// The arguments, or nil for a standalone call written without parentheses, whose
    /// arguments come from the parameters of the same names.
    public var arguments: [Expression]?
    public var yield: Yield?

    public init(namespace: [String], name: String, arguments: [Expression]?, yield: Yield? = nil) {
        self.namespace = namespace
        self.name = name
        self.arguments = arguments
        self.yield = yield
    }

    /// The dotted name as written, for example `db.labels`.
    public var qualifiedName: String { (namespace + [name]).joined(separator: ".") }
}

/// `YIELD field [AS alias], ... [WHERE predicate]` or `YIELD *`.
public struct Yield: Sendable, Hashable {
    /// True for `YIELD *`, in which case `items` is empty.
    public var all: Bool
    public var items: [YieldItem]
    public var predicate: Expression?

    public init(all: Bool = false, items: [YieldItem], predicate: Expression? = nil) {
        self.all = all
        self.items = items
        self.predicate = predicate
    }
}

/// `field [AS alias]` in `YIELD`.
public struct YieldItem: Sendable, Hashable {
    public var field: String
    public var alias: String?

    public init(field: String, alias: String? = nil) {
        self.field = field
        self.alias = alias
    }

    /// The variable this item binds.
    public var name: String { alias ?? field }
}

/// `CALL { query } [IN TRANSACTIONS [OF n ROWS]]`.
public struct SubqueryCall: Sendable, Hashable {
    public var query: Query
    /// The variables of the scope clause `CALL (a, b) { ... }`, or nil when there is none.
    /// `CALL (*) { ... }` imports all, recorded as `importsAll`.
    public var importedVariables: [String]?
    public var importsAll: Bool
    /// The batch size expression of `IN TRANSACTIONS OF n ROWS`, when written.
    public var inTransactions: InTransactions?

    public init(
        query: Query,
        importedVariables: [String]? = nil,
        importsAll: Bool = false,
        inTransactions: InTransactions? = nil
    ) {
        self.query = query
        self.importedVariables = importedVariables
        self.importsAll = importsAll
        self.inTransactions = inTransactions
    }
}

/// `IN TRANSACTIONS [OF batchSize ROWS]` after `CALL { ... }`.
public struct InTransactions: Sendable, Hashable {
    public var batchSize: Expression?

    public init(batchSize: Expression? = nil) { self.batchSize = batchSize }
}
