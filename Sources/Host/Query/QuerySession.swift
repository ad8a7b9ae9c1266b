public import GraphValue

/// The query state of one connection: its identity and at most one open transaction.
///
/// A session belongs to one connection task, which calls it sequentially; it is not shared.
public final class QuerySession {
    public private(set) var identity: Identity
    public let service: QueryService
    private var logger: Logger
    private var transaction: OpenTransaction?
    private var commitCount: Int64 = 0
    /// The account changes run in the open transaction, in order; commit applies them and
    /// rollback discards them.
    var pendingAdministration: [PreparedAdministration] = []
    /// True after an idle transaction passed its deadline and was rolled back, until the client
    /// hears of it.
    private var expiredTransaction = false

    let interrupter: SessionInterrupter
    /// The client, for the security log.
    public let origin: LoginOrigin

    init(
        service: QueryService,
        identity: Identity,
        origin: LoginOrigin,
        logger: Logger,
        interrupter: SessionInterrupter
    ) {
        self.service = service
        self.identity = identity
        self.origin = origin
        self.logger = logger
        self.interrupter = interrupter
    }

    public var inTransaction: Bool { transaction != nil }

    /// True while a transaction begun in read access mode is open.
    var inReadOnlyTransaction: Bool { transaction?.readOnly == true }

    /// The database of the open transaction, if any.
    public var transactionDatabase: String? { transaction?.database }

    /// When the open transaction times out, in nanoseconds of `UnixTime.nowNanoseconds()`; nil
    /// without an open transaction or a timeout.
    ///
    /// Past it, the next ``run(_:parameters:database:readOnly:timeoutMilliseconds:)``,
    /// ``administer(_:)`` or ``commit()`` rolls the transaction back and throws
    /// `TransactionTimedOut`. A caller holding idle sessions can call ``rollback()`` itself
    /// once it has passed, so the transaction releases its locks without waiting for a request.
    public var transactionDeadlineNanoseconds: Int64? { transaction?.limits.deadlineNanoseconds }

    /// Replaces the identity after a re-authentication (Bolt LOGOFF and LOGON), rolling back
    /// any open transaction of the previous identity.
    public func reauthenticate(as identity: Identity) async {
        await rollback()
        self.identity = identity
    }

    /// Marks the identity's credentials as no longer expired, after it changed its password.
    func clearCredentialsExpired() { identity.credentialsExpired = false }

    /// Re-checks the identity with its provider: expiry, account status, current roles.
    public func revalidate() async throws {
        do {
            identity = try await service.authenticator.revalidate(identity)
        } catch {
            await rollback()
            throw ServerError.wrapping(error)
        }
    }

    // MARK: Statements

    /// Runs one statement: in the open transaction if there is one, otherwise in its own.
    ///
    /// With `readOnly` (Bolt's access mode `r`, or a read transaction), a statement that would
    /// write, or an administration command that would change accounts, fails with `AccessMode`
    /// before it runs. Past the open transaction's deadline the transaction is rolled back and
    /// the call throws `TransactionTimedOut`.
    public func run(
        _ text: String,
        parameters: [String: Value],
        database: String?,
        readOnly: Bool = false,
        timeoutMilliseconds: Int64? = nil
    ) async throws -> QueryResult {
        try StatementBounds.check(text, parameters: parameters)
        try checkNotExpired()
        try await checkDeadline()
        try await revalidate()
        let statement = try service.prepare(text)
        try checkCredentialsNotExpired(for: statement)
        try authorize(statement.requiredPermissions, for: Self.statementKind(statement))
        try checkAccessMode(statement, readOnly: readOnly || transaction?.readOnly == true)

        if case .administration(let command) = statement.kind {
            let target = try transaction?.database ?? service.resolveDatabase(database)
            guard target == QueryService.systemDatabase || !command.needsSystemDatabase else {
                throw ServerError(
                    .unsupportedAdministrationCommand,
                    "This is an administration command and it should be executed against the system database: "
                        + "\(Self.commandName(command))."
                )
            }
            return try await executeAdministration(statement, command: command, parameters: parameters)
        }

        if let transaction {
            return try await execute(statement, parameters: parameters, in: transaction)
        }
        let target = try service.resolveDatabase(database)
        if target == QueryService.systemDatabase { throw notOnSystemDatabase }
        return try await runAutoCommit(
            statement,
            parameters: parameters,
            on: target,
            limits: limits(timeoutMilliseconds: timeoutMilliseconds)
        )
    }

    /// Begins, executes and commits in one trip to the storage pool, rolling back on failure.
    ///
    /// One trip instead of three saves two thread hand-offs per statement, which is most of the
    /// server's cost for a short statement.
    private func runAutoCommit(
        _ statement: PreparedStatement,
        parameters: [String: Value],
        on database: String,
        limits: ExecutionLimits
    ) async throws -> QueryResult {
        let engine = service.engine
        let interrupter = interrupter
        let identity = identity
        let principal = identity.principal
        try service.admission.enter(principal)
        defer { service.admission.leave(principal) }
        do {
            return try await service.pool.run {
                let handle = TransactionHandle(try engine.beginTransaction(database: database))
                interrupter.track(handle)
                defer { interrupter.track(nil) }
                do {
                    let result = try handle.transaction.execute(
                        statement,
                        parameters: parameters,
                        limits: limits,
                        identity: identity
                    )
                    try handle.transaction.commit()
                    return result
                } catch {
                    handle.transaction.rollback()
                    throw error
                }
            }
        } catch {
            let failure = ServerError.wrapping(error)
            if failure.status == .unknownError { logger.error("statement failed", metadata: ["error": "\(error)"]) }
            throw failure
        }
    }

    // MARK: Explicit transactions

    /// Begins an explicit transaction. Its deadline is `timeoutMilliseconds` from now, or the
    /// server's transaction timeout when that is shorter or the client gives none.
    public func begin(database: String?, readOnly: Bool = false, timeoutMilliseconds: Int64? = nil) async throws {
        expiredTransaction = false
        try await revalidate()
        guard transaction == nil else {
            throw ServerError(.invalidTransactionState, "A transaction is already open on this connection.")
        }
        // With expired credentials BEGIN still succeeds, since drivers wrap the password change
        // in a transaction; every statement but the change then fails at RUN.
        let target = try service.resolveDatabase(database)
        if target == QueryService.systemDatabase {
            transaction = OpenTransaction(
                database: target,
                handle: nil,
                readOnly: readOnly,
                limits: limits(timeoutMilliseconds: timeoutMilliseconds)
            )
            return
        }
        transaction = try await begin(on: target, readOnly: readOnly, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Commits the open transaction and returns a bookmark.
    ///
    /// The transaction's account changes are applied first, all at once through
    /// ``AccountManager/change(preservingActiveAdmin:_:)``, and then the engine transaction
    /// commits. A failure of either rolls the transaction back and is thrown, and so is
    /// `TransactionTimedOut` past the deadline.
    @discardableResult
    public func commit() async throws -> String {
        try checkNotExpired()
        guard let open = transaction else {
            throw ServerError(.transactionNotFound, "No transaction to commit; begin one first.")
        }
        try await checkDeadline()
        // COMMIT is a request like any other: an identity dropped, suspended or demoted since
        // the transaction began must not make its recorded changes durable.
        try await revalidate()
        if pendingAdministration.contains(where: { !$0.isOwnPasswordChange }) {
            do {
                try authorize(.admin, for: "COMMIT of account changes")
            } catch {
                await rollback()
                throw error
            }
        }
        transaction = nil
        let pending = pendingAdministration
        pendingAdministration = []
        if !pending.isEmpty {
            do {
                try await applyAdministration(pending)
            } catch {
                await rollback(open)
                throw ServerError.wrapping(error)
            }
        }
        // NOTE: account changes and graph data live in different stores, so a self-service
        // password change in a data transaction stays applied if the data commit then fails.
        try await commit(open)
        return nextBookmark()
    }

    /// Rolls back the open transaction, if any, and discards its account changes; never fails.
    public func rollback() async {
        expiredTransaction = false
        pendingAdministration = []
        guard let open = transaction else { return }
        transaction = nil
        await rollback(open)
    }

    /// Rolls back the open transaction when it is past its deadline, and returns whether it did.
    ///
    /// The client's next statement or commit then fails with `TransactionTimedOut`. A connection
    /// calls this on its own task while its client is idle.
    public func expireIfPastDeadline() async -> Bool {
        guard let deadline = transaction?.limits.deadlineNanoseconds, UnixTime.nowNanoseconds() >= deadline else {
            return false
        }
        await rollback()
        expiredTransaction = true
        return true
    }

    /// Throws `TransactionTimedOut` once after ``expireIfPastDeadline()`` rolled the transaction back.
    private func checkNotExpired() throws(ServerError) {
        guard expiredTransaction else { return }
        expiredTransaction = false
        throw Self.transactionTimedOutError
    }

    /// Rolls back and throws `TransactionTimedOut` when the open transaction is past its deadline.
    ///
    /// Statements check the deadline while they run. This check covers the time between them, so
    /// a client cannot keep a transaction and its locks alive with quick or empty requests.
    func checkDeadline() async throws {
        guard let deadline = transaction?.limits.deadlineNanoseconds, UnixTime.nowNanoseconds() >= deadline else {
            return
        }
        await rollback()
        throw Self.transactionTimedOutError
    }

    public func nextBookmark() -> String {
        commitCount += 1
        return "nornicdb:bookmark:\(UnixTime.nowNanoseconds()):\(commitCount)"
    }

    // MARK: Helpers

    private func begin(on database: String, readOnly: Bool = false, timeoutMilliseconds: Int64? = nil) async throws
        -> OpenTransaction
    {
        let engine = service.engine
        let handle = try await service.pool.run { TransactionHandle(try engine.beginTransaction(database: database)) }
        return OpenTransaction(
            database: database,
            handle: handle,
            readOnly: readOnly,
            limits: limits(timeoutMilliseconds: timeoutMilliseconds)
        )
    }

    /// Computes the limits of a transaction that starts now: the shorter of the client's and the
    /// server's timeout, and the default row bound.
    private func limits(timeoutMilliseconds: Int64?) -> ExecutionLimits {
        var candidates: [Int64] = []
        if service.transactionTimeoutSeconds > 0 { candidates.append(service.transactionTimeoutSeconds * 1_000) }
        if let timeoutMilliseconds, timeoutMilliseconds > 0 { candidates.append(timeoutMilliseconds) }
        guard let timeout = candidates.min() else { return ExecutionLimits() }
        return ExecutionLimits(deadlineNanoseconds: UnixTime.nowNanoseconds() + timeout * 1_000_000)
    }

    private func checkAccessMode(_ statement: PreparedStatement, readOnly: Bool) throws(ServerError) {
        guard readOnly else { return }
        if case .administration(let command) = statement.kind {
            try Self.checkAccessMode(command, readOnly: readOnly)
            return
        }
        guard !statement.requiredPermissions.isDisjoint(with: [.write, .delete, .schema]) else { return }
        throw ServerError(.accessMode, "Writing in read access mode is not allowed; run the statement in write mode.")
    }

    /// Rejects an administration command that changes accounts in read access mode.
    static func checkAccessMode(_ command: AdministrationCommand, readOnly: Bool) throws(ServerError) {
        guard readOnly, command.changesAccounts else { return }
        throw ServerError(
            .accessMode,
            "\(commandName(command)) changes users or roles, which is not allowed in read access mode; "
                + "run it in write mode."
        )
    }

    private func execute(_ statement: PreparedStatement, parameters: [String: Value], in open: OpenTransaction)
        async throws -> QueryResult
    {
        guard let handle = open.handle else { throw notOnSystemDatabase }
        let limits = open.limits
        let identity = identity
        let principal = identity.principal
        try service.admission.enter(principal)
        interrupter.track(handle)
        defer {
            interrupter.track(nil)
            service.admission.leave(principal)
        }
        do {
            return try await service.pool.run {
                try handle.transaction.execute(statement, parameters: parameters, limits: limits, identity: identity)
            }
        } catch {
            let failure = ServerError.wrapping(error)
            if failure.status == .unknownError { logger.error("statement failed", metadata: ["error": "\(error)"]) }
            throw failure
        }
    }

    private func commit(_ open: OpenTransaction) async throws {
        guard let handle = open.handle else { return }
        do {
            try await service.pool.run { try handle.transaction.commit() }
        } catch {
            await rollback(open)
            throw ServerError.wrapping(error)
        }
    }

    private func rollback(_ open: OpenTransaction) async {
        guard let handle = open.handle else { return }
        await service.pool.run { handle.transaction.rollback() }
    }

    private func checkCredentialsNotExpired(for statement: PreparedStatement) throws(ServerError) {
        guard identity.credentialsExpired else { return }
        if case .administration(.alterCurrentUserPassword) = statement.kind { return }
        throw Self.credentialsExpiredError
    }

    private var notOnSystemDatabase: ServerError {
        ServerError(
            .notSystemDatabase,
            "This query cannot run on the system database, which holds only users and roles. "
                + "Run it on a user database such as '\(service.defaultDatabase)'."
        )
    }

    static let transactionTimedOutError = ServerError(
        .transactionTimedOut,
        "The transaction exceeded the configured timeout and was rolled back; begin a new transaction, "
            + "and commit it within the timeout."
    )

    static let credentialsExpiredError = ServerError(
        .credentialsExpired,
        "Permission denied. The credentials you provided were valid, but must be changed before you can use this "
            + "instance."
    )
}

/// A transaction open in a session; the system database has no engine transaction.
struct OpenTransaction {
    let database: String
    let handle: TransactionHandle?
    /// True for a transaction begun in read access mode.
    let readOnly: Bool
    let limits: ExecutionLimits
}

/// Carries an engine transaction into blocking-pool jobs.
///
/// `@unchecked Sendable` is safe because the owning ``QuerySession`` awaits each job before
/// starting the next, so exactly one thread touches the transaction at a time.
final class TransactionHandle: @unchecked Sendable {
    let transaction: any QueryTransaction
    init(_ transaction: any QueryTransaction) { self.transaction = transaction }
}
