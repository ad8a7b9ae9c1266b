import GraphValue
import Synchronization

@testable import Host

/// An engine that recognizes a fixed set of statements: the administration commands given to it,
/// and `RETURN 1` and `CREATE ()` for data. Its transactions do nothing but count commits.
final class StubEngine: QueryEngine {
    let commands: [String: AdministrationCommand]
    let commits = Mutex(0)

    init(commands: [String: AdministrationCommand] = [:]) { self.commands = commands }

    var databaseNames: [String] { ["nornic"] }

    func prepare(_ text: String) throws -> PreparedStatement {
        if let command = commands[text] {
            let permissions: PermissionSet = command.isSelfService ? [] : .admin
            return PreparedStatement(
                text: text,
                kind: .administration(command),
                requiredPermissions: permissions,
                plan: 0
            )
        }
        let permissions: PermissionSet = text.hasPrefix("CREATE") ? [.write] : [.read]
        return PreparedStatement(text: text, kind: .query, requiredPermissions: permissions, plan: 0)
    }

    func beginTransaction(database: String) throws -> any QueryTransaction { StubTransaction(engine: self) }
}

final class StubTransaction: QueryTransaction {
    let engine: StubEngine
    init(engine: StubEngine) { self.engine = engine }

    func execute(
        _ statement: PreparedStatement,
        parameters: [String: Value],
        limits: ExecutionLimits,
        identity: Identity?
    ) throws -> QueryResult {
        QueryResult(columns: [], rows: [], queryType: .read)
    }

    func commit() throws { engine.commits.withLock { $0 += 1 } }
    func rollback() {}
    func cancel() {}
}

/// A query service over an account manager with the fake hasher, and sessions for its users.
struct SessionFixture {
    let accounts: AccountManager
    let repository: MemoryAccountRepository
    let engine: StubEngine
    let service: QueryService

    init(commands: [String: AdministrationCommand] = [:]) async throws {
        repository = MemoryAccountRepository()
        accounts = try AccountTestSupport.manager(repository)
        engine = StubEngine(commands: commands)
        service = QueryService(
            engine: engine,
            accounts: accounts,
            authenticator: Authenticator(providers: [], policy: AuthPolicy()),
            defaultDatabase: "nornic",
            pool: AccountTestSupport.pool
        )
        try await accounts.create(name: "root", password: "root-password", roles: ["admin"])
    }

    /// Makes a session acting as `name` with the roles its account has now.
    func session(as name: String = "root") -> QuerySession {
        let roles = accounts.account(named: name)?.roles ?? []
        let identity = Identity(principal: name, roles: roles, provider: "local", accountName: name)
        return service.makeSession(identity: identity, logger: Logger(label: "test", level: .error))
    }

    static func create(_ name: String, password: String = "user-password") -> AdministrationCommand {
        .createUser(
            name: name,
            password: Secret(password),
            ifNotExists: false,
            orReplace: false,
            changeRequired: false,
            status: nil
        )
    }
}
