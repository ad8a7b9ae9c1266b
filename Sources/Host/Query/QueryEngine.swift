public import GraphValue

/// A parsed statement with the permissions it needs, ready to run.
public struct PreparedStatement: Sendable {
    public enum Kind: Sendable {
        /// Reads or writes graph data.
        case query
        /// Creates, drops or lists indexes and constraints.
        case schema
        /// User and role administration, run by ``AccountManager`` on the `system` database.
        case administration(AdministrationCommand)
    }

    public let text: String
    public let kind: Kind
    /// The permissions the gate must find in the identity before any part of the statement runs.
    /// They come from the syntax tree, never from keywords in the text.
    public let requiredPermissions: PermissionSet
    /// The engine's own compiled form; opaque to everything outside the engine.
    public let plan: any Sendable

    public init(text: String, kind: Kind, requiredPermissions: PermissionSet, plan: any Sendable) {
        self.text = text
        self.kind = kind
        self.requiredPermissions = requiredPermissions
        self.plan = plan
    }
}

/// The interface through which the host reaches the Cypher engine.
///
/// `prepare` is CPU-only and may run anywhere. `beginTransaction` and everything on the
/// transaction block on storage, so the host calls them on its blocking pool.
public protocol QueryEngine: Sendable {
    /// Parses and plans a statement; throws `SyntaxError` or `SemanticError` with Neo4j's codes.
    func prepare(_ text: String) throws -> PreparedStatement

    /// The names of the data databases (the `system` database is the host's own).
    var databaseNames: [String] { get }

    /// Starts a transaction on a data database.
    func beginTransaction(database: String) throws -> any QueryTransaction

    /// Fills the parameters an administration statement refers to; a requirement so that an
    /// engine's own implementation is called through `any QueryEngine`.
    func resolveAdministration(_ statement: PreparedStatement, parameters: [String: Value]) throws
        -> AdministrationCommand
}

/// One transaction of the engine, used by one caller at a time; only ``cancel()`` may be called
/// from other threads.
public protocol QueryTransaction: AnyObject {
    /// Runs a statement within `limits` on behalf of `identity`, which procedures such as
    /// `dbms.showCurrentUser()` report; nil when no session runs the statement.
    ///
    /// - Throws: the statement's `ServerError`, including `TransactionTimedOut` after the deadline,
    ///   `MemoryPoolOutOfMemoryError` when a step keeps more than `limits.maximumRows` rows or list
    ///   elements, and `Terminated` after ``cancel()``.
    func execute(
        _ statement: PreparedStatement,
        parameters: [String: Value],
        limits: ExecutionLimits,
        identity: Identity?
    ) throws -> QueryResult
    func commit() throws
    /// Rolls back; never fails, and is a no-op after commit or an earlier rollback.
    func rollback()
    /// Terminates the transaction: the running statement and every later one fail with
    /// `Terminated`. Safe to call from any thread at any time, any number of times.
    func cancel()
}

extension QueryTransaction {
    /// Runs a statement within `limits` without a session identity.
    public func execute(_ statement: PreparedStatement, parameters: [String: Value], limits: ExecutionLimits) throws
        -> QueryResult
    {
        try execute(statement, parameters: parameters, limits: limits, identity: nil)
    }

    /// Runs a statement with the default ``ExecutionLimits``: no deadline and the default row limit.
    public func execute(_ statement: PreparedStatement, parameters: [String: Value]) throws -> QueryResult {
        try execute(statement, parameters: parameters, limits: ExecutionLimits(), identity: nil)
    }
}

/// Whether a statement read, wrote or changed the schema, as Bolt's `type` metadata reports it.
public enum QueryType: String, Sendable {
    case read = "r"
    case write = "w"
    case readWrite = "rw"
    case schema = "s"
}

/// Counters of what a statement changed.
public struct QueryStatistics: Sendable, Equatable {
    public var nodesCreated = 0
    public var nodesDeleted = 0
    public var relationshipsCreated = 0
    public var relationshipsDeleted = 0
    public var propertiesSet = 0
    public var labelsAdded = 0
    public var labelsRemoved = 0
    public var indexesAdded = 0
    public var indexesRemoved = 0
    public var constraintsAdded = 0
    public var constraintsRemoved = 0
    public var systemUpdates = 0

    public init() {}

    public var containsUpdates: Bool {
        nodesCreated + nodesDeleted + relationshipsCreated + relationshipsDeleted + propertiesSet + labelsAdded
            + labelsRemoved + indexesAdded + indexesRemoved + constraintsAdded + constraintsRemoved > 0
    }

    public var containsSystemUpdates: Bool { systemUpdates > 0 }

    public mutating func add(_ other: QueryStatistics) {
        nodesCreated += other.nodesCreated
        nodesDeleted += other.nodesDeleted
        relationshipsCreated += other.relationshipsCreated
        relationshipsDeleted += other.relationshipsDeleted
        propertiesSet += other.propertiesSet
        labelsAdded += other.labelsAdded
        labelsRemoved += other.labelsRemoved
        indexesAdded += other.indexesAdded
        indexesRemoved += other.indexesRemoved
        constraintsAdded += other.constraintsAdded
        constraintsRemoved += other.constraintsRemoved
        systemUpdates += other.systemUpdates
    }
}

/// The rows of a statement, fully materialized.
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[Value]]
    public var statistics: QueryStatistics
    public var queryType: QueryType
    /// The plan of an `EXPLAIN`, which returns no rows; nil otherwise.
    public var plan: PlanDescription?
    /// The plan of a `PROFILE` with what each operator produced; nil otherwise.
    public var profile: PlanDescription?

    public init(
        columns: [String],
        rows: [[Value]],
        statistics: QueryStatistics = QueryStatistics(),
        queryType: QueryType,
        plan: PlanDescription? = nil,
        profile: PlanDescription? = nil
    ) {
        self.columns = columns
        self.rows = rows
        self.statistics = statistics
        self.queryType = queryType
        self.plan = plan
        self.profile = profile
    }
}

extension QueryEngine {
    /// Fills the parameters an administration statement refers to, such as `SET PASSWORD $pw`.
    ///
    /// The default returns the command parsed at prepare time, for engines whose commands
    /// carry only literals.
    public func resolveAdministration(_ statement: PreparedStatement, parameters: [String: Value]) throws
        -> AdministrationCommand
    {
        guard case .administration(let command) = statement.kind else {
            throw ServerError(.unknownError, "The statement is not an administration command.")
        }
        return command
    }
}

/// Bounds on one statement's execution, so no client can hold a core or memory indefinitely.
public struct ExecutionLimits: Sendable, Equatable {
    /// The time after which the statement fails with `TransactionTimedOut`, in nanoseconds of
    /// `UnixTime.nowNanoseconds()`; nil for no deadline.
    public var deadlineNanoseconds: Int64?
    /// The maximum number of rows any one step of the statement may hold at once before it fails with
    /// `MemoryPoolOutOfMemoryError`.
    public var maximumRows: Int

    public static let defaultMaximumRows = 1_000_000

    public init(deadlineNanoseconds: Int64? = nil, maximumRows: Int = ExecutionLimits.defaultMaximumRows) {
        self.deadlineNanoseconds = deadlineNanoseconds
        self.maximumRows = maximumRows
    }

    public static let unlimited = ExecutionLimits(deadlineNanoseconds: nil, maximumRows: .max)
}

extension ServerError.Status {
    public static let transactionTerminated = Self(
        code: "Neo.TransientError.Transaction.Terminated",
        gqlStatus: "25N05",
        gqlDescription: "error: invalid transaction state - transaction terminated"
    )
    public static let memoryLimitExceeded = Self(
        code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
        gqlStatus: "53N00",
        gqlDescription: "error: insufficient resources - memory limit exceeded"
    )
    public static let accessMode = Self(
        code: "Neo.ClientError.Statement.AccessMode",
        gqlStatus: "42N02",
        gqlDescription: "error: syntax error or access rule violation - writing in read access mode"
    )
}
