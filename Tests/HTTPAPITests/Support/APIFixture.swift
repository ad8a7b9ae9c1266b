import BasicAuth
import Foundation
import HTTPServer
import Host
import JSON
import JWTAuth
import QueryEngine
import SQLiteStore
import Synchronization

@testable import HTTPAPI

/// A complete HTTP API over real components in a temporary data directory: SQLite storage,
/// Argon2id accounts (with cheap test parameters), the local and JWT providers, and the query
/// service. Requests go straight to ``HTTPAPI/handle(_:)``, without sockets.
final class APIFixture: Sendable {
    static let adminName = "admin"
    static let adminPassword = "admin-password-1"
    static let jwtSecret = Secret("fixture-jwt-secret-that-is-long-enough-0123456789")

    let directory: String
    let store: SQLiteGraphStore
    let accounts: AccountManager
    /// The revoked token ids, shared by the JWT provider and the token service.
    let revocations: RevocationList
    let tokens: any TokenService
    let queries: QueryService
    let api: HTTPAPI
    let logs: LogSink
    private let pool: BlockingPool
    /// Set once the fixture has given its place in ``FixtureGate`` back.
    private let leftGate = Atomic<Bool>(false)

    /// The lifetime of login tokens the default token service issues, in seconds.
    static let loginTokenLifetime: Int64 = 3_600

    /// - Parameter makeTokens: builds the token service from the key set and accounts. When it
    ///   is nil, the fixture uses the JWT plugin's ``JWTTokenService`` with the provider's
    ///   revocation list.
    /// - Parameter leadingProviders: providers asked before the local and JWT providers.
    init(
        idleTimeoutSeconds: Int64 = 30,
        authPolicy: AuthPolicy = AuthPolicy(),
        leadingProviders: [any IdentityProvider] = [],
        makeTokens: ((JWTKeySet, AccountManager) throws -> any TokenService)? = nil
    ) async throws {
        await FixtureGate.shared.enter()
        directory = NSTemporaryDirectory() + "nornicdb-http-" + UUID().uuidString
        logs = LogSink.memory()
        let logger = Logger(label: "test", level: .debug, sink: logs)
        pool = BlockingPool(name: "test", threadCount: 4)
        store = try SQLiteGraphStore(dataDirectory: directory, logger: logger)
        let repository = try SQLiteAccountRepository(dataDirectory: directory, logger: logger)
        accounts = try AccountManager(
            repository: repository,
            hasher: Argon2idHasher(parameters: .testing),
            pool: pool
        )
        try await accounts.create(name: Self.adminName, password: Secret(Self.adminPassword), roles: ["admin"])
        revocations = try RevocationList(repository: repository, pool: pool)
        let keys = try JWTKeySet(current: Self.jwtSecret)
        let verifier = JWTVerifier(keys: keys, policy: JWTVerifier.Policy(requireExpiration: false))
        let tokens =
            try makeTokens?(keys, accounts)
            ?? JWTTokenService(
                signer: JWTSigner(keys: keys),
                verifier: verifier,
                revocations: revocations,
                loginTokenLifetime: Self.loginTokenLifetime
            )
        self.tokens = tokens
        let providers: [any IdentityProvider] =
            leadingProviders + [
                LocalAccountProvider(accounts: accounts),
                JWTProvider(verifier: verifier, accounts: accounts, revocations: revocations),
            ]
        let authenticator = Authenticator(providers: providers, policy: authPolicy)
        queries = QueryService(
            engine: CypherEngine(store: store),
            accounts: accounts,
            authenticator: authenticator,
            defaultDatabase: "nornic",
            pool: pool
        )
        api = HTTPAPI(
            queries: queries,
            tokens: tokens,
            configuration: HTTPAPIConfiguration(transactionIdleTimeoutSeconds: idleTimeoutSeconds),
            logger: logger
        )
    }

    /// A fixture that a failed expectation left unclosed gives its place back here.
    deinit { leaveGate() }

    func close() async {
        await api.shutdown()
        store.close()
        pool.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
        leaveGate()
    }

    private func leaveGate() {
        if !leftGate.exchange(true, ordering: .acquiringAndReleasing) { FixtureGate.shared.leave() }
    }

    // MARK: Requests

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    var adminAuthorization: String { Self.basic(Self.adminName, Self.adminPassword) }

    /// Sends a request with a JSON body; `authorization` nil sends no `Authorization` header.
    func send(
        _ method: String,
        _ path: String,
        body: JSONValue? = nil,
        authorization: String?,
        headers: [(name: String, value: String)] = []
    ) async -> Reply {
        var all = headers
        // Every HTTP/1.1 client sends Host, and the HTTP server rejects requests without one.
        if !all.contains(where: { $0.name.lowercased() == "host" }) { all.append(("host", "127.0.0.1:7474")) }
        if let authorization { all.append(("authorization", authorization)) }
        if body != nil { all.append(("content-type", "application/json")) }
        let request = HTTPRequest(
            method: method,
            path: path,
            headers: all,
            body: body?.serialized ?? [],
            remoteAddress: "127.0.0.1"
        )
        return Reply(await api.handle(request))
    }

    /// Creates a user with `roles` and returns its Basic header value.
    @discardableResult
    func createUser(_ name: String, roles: [String], password: String = "user-password-1") async throws -> String {
        try await accounts.create(name: name, password: Secret(password), roles: roles)
        return Self.basic(name, password)
    }
}

/// A response with its body parsed as JSON, for assertions.
struct Reply {
    let status: Int
    let headers: [(name: String, value: String)]
    let json: JSONValue?
    let text: String

    init(_ response: HTTPResponse) {
        status = response.status
        headers = response.headers
        text = String(decoding: response.body, as: UTF8.self)
        json = try? StrictJSONParser.parse(response.body, maximumDepth: 128)
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The first error code of a Neo4j error body.
    var errorCode: String? {
        guard case .array(let errors)? = json?["errors"], let first = errors.first else { return nil }
        return first["code"]?.stringValue
    }
}
