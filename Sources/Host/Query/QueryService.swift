import GraphValue

/// The one path from an authenticated request to the engine, shared by Bolt and HTTP.
///
/// For every statement it re-checks the identity, parses, checks with the ``PermissionGate`` and only
/// then runs the statement, on the blocking pool since storage calls block.
public final class QueryService: Sendable {
    public static let systemDatabase = "system"

    public let engine: any QueryEngine
    public let accounts: AccountManager
    public let authenticator: Authenticator
    public let defaultDatabase: String
    /// The server's limit on a transaction's run time in seconds, or 0 for none.
    public let transactionTimeoutSeconds: Int64
    public let gate = PermissionGate()
    /// The security log, which records permission denials and account changes.
    public let audit: AuditLog
    /// The storage pool, where statements run. Connections may run their tasks on it too, so a
    /// statement runs on the thread that read it.
    public let pool: BlockingPool
    let admission: StatementAdmission

    public init(
        engine: any QueryEngine,
        accounts: AccountManager,
        authenticator: Authenticator,
        defaultDatabase: String,
        transactionTimeoutSeconds: Int64 = 300,
        maximumStatementsPerUser: Int = 4,
        audit: AuditLog = .disabled,
        pool: BlockingPool
    ) {
        self.audit = audit
        self.admission = StatementAdmission(maximumPerPrincipal: maximumStatementsPerUser)
        self.transactionTimeoutSeconds = transactionTimeoutSeconds
        self.engine = engine
        self.accounts = accounts
        self.authenticator = authenticator
        self.defaultDatabase = defaultDatabase
        self.pool = pool
    }

    /// Starts a session for one connection or HTTP transaction.
    /// - Parameter origin: the client, named in the security log's entries for this session.
    public func makeSession(
        identity: Identity,
        origin: LoginOrigin = .local,
        logger: Logger,
        interrupter: SessionInterrupter = SessionInterrupter()
    ) -> QuerySession {
        QuerySession(service: self, identity: identity, origin: origin, logger: logger, interrupter: interrupter)
    }

    /// Asks the permission gate; a denial is written to the security log, then thrown as
    /// `Forbidden`. Every permission check of Bolt and HTTP goes through here.
    /// - Parameter action: what was rejected, such as `query` or `CREATE USER`; never the text.
    public func authorize(
        _ identity: Identity,
        requires required: PermissionSet,
        for action: String,
        origin: LoginOrigin
    ) throws(ServerError) {
        guard case .deny(let missing) = gate.evaluate(identity, requires: required) else { return }
        audit.record(
            SecurityEvent(
                .permissionDenied,
                [
                    "principal": .string(identity.principal), "roles": .strings(identity.roles),
                    "action": .string(action), "required": .strings(required.permissions.map(\.rawValue)),
                    "missing": .strings(missing.permissions.map(\.rawValue)),
                ]
            ).with(origin)
        )
        try gate.authorize(identity, requires: required)
    }

    /// Resolves a requested database name, or throws `DatabaseNotFound`.
    public func resolveDatabase(_ requested: String?) throws(ServerError) -> String {
        let name = requested.flatMap { $0.isEmpty ? nil : $0.lowercased() } ?? defaultDatabase
        guard name == Self.systemDatabase || engine.databaseNames.contains(name) else {
            throw ServerError(.databaseNotFound, "Database does not exist. Database name: '\(name)'.")
        }
        return name
    }

    /// Parses a statement; parse failures are client errors with Neo4j codes.
    func prepare(_ text: String) throws(ServerError) -> PreparedStatement {
        do {
            return try engine.prepare(text)
        } catch {
            throw ServerError.wrapping(error)
        }
    }
}
