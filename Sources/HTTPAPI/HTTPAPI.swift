public import HTTPServer
public import Host
import JSON
internal import Synchronization

/// The settings of the HTTP API that are not the listener's.
public struct HTTPAPIConfiguration: Sendable {
    /// The Bolt port advertised in the discovery document.
    public var boltPort: UInt16
    /// The HTTP port, used in URLs when a request has no usable `Host` header.
    public var httpPort: UInt16
    /// The listen address, used in URLs when a request has no usable `Host` header.
    public var address: String
    /// Seconds an explicit transaction may stay idle before it is rolled back.
    public var transactionIdleTimeoutSeconds: Int64
    /// The Neo4j version reported by the discovery document, the same as Bolt's agent.
    public var neo4jVersion: String
    /// The source of `GET /api/v1/cluster/status`; nil makes it return 404.
    public var clusterStatus: (any ClusterStatusSource)?

    public init(
        boltPort: UInt16 = 7687,
        httpPort: UInt16 = 7474,
        address: String = "127.0.0.1",
        transactionIdleTimeoutSeconds: Int64 = 30,
        neo4jVersion: String = "5.26.0"
    ) {
        self.boltPort = boltPort
        self.httpPort = httpPort
        self.address = address
        self.transactionIdleTimeoutSeconds = transactionIdleTimeoutSeconds
        self.neo4jVersion = neo4jVersion
    }
}

/// The state every endpoint shares: the query service, tokens, settings and authentication.
struct APIContext: Sendable {
    let queries: QueryService
    let tokens: any TokenService
    let configuration: HTTPAPIConfiguration
    let authentication: RequestAuthenticator
    let logger: Logger
    let authLogger: Logger
}

/// One request as the endpoints see it: the request, its decoded path and its logger.
struct RequestContext: Sendable {
    let request: HTTPRequest
    /// The path split at `/` and percent-decoded, without empty segments.
    let segments: [String]
    let logger: Logger
    /// `http://host:port` as the client reached the server.
    let baseURL: String
    /// The host name or address the client used, without the port.
    let hostName: String

    var method: String { request.method }
}

/// The HTTP API on port 7474: discovery, health, Neo4j's transactional endpoints and the
/// management API under `/api/v1`. Every request that runs Cypher or changes accounts goes
/// through the same ``QueryService``, schemes and permission gate as Bolt.
public final class HTTPAPI: Sendable {
    let context: APIContext
    let transactions: TransactionEndpoints
    let management: ManagementEndpoints
    private let nextRequestID = Atomic<Int64>(0)

    public init(
        queries: QueryService,
        tokens: any TokenService,
        configuration: HTTPAPIConfiguration,
        logger: Logger,
        authLogger: Logger? = nil
    ) {
        let context = APIContext(
            queries: queries,
            tokens: tokens,
            configuration: configuration,
            authentication: RequestAuthenticator(authenticator: queries.authenticator),
            logger: logger,
            authLogger: authLogger ?? logger
        )
        self.context = context
        self.transactions = TransactionEndpoints(context: context)
        self.management = ManagementEndpoints(context: context)
    }

    /// Handles one request and returns its response. It never throws: every failure becomes a JSON error response.
    ///
    /// Before any endpoint runs, ``CrossSiteChecks`` rejects a body that is not JSON (415) and a
    /// request from a page of another origin (403).
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let id = nextRequestID.add(1, ordering: .relaxed).newValue
        let logger = context.logger.with(["http.request": String(id)])
        guard let segments = PathSegments.decode(request.path) else {
            return .failure(
                .invalidRequest("The request path is not valid percent-encoded UTF-8."),
                includeResults: false
            )
        }
        if let rejection = CrossSiteChecks.rejection(of: request) {
            logger.debug("HTTP request rejected", metadata: ["http.status": String(rejection.status)])
            return rejection
        }
        if !context.queries.authenticator.policy.authenticationEnabled, !Self.isLoopbackHost(request) {
            // With authentication off every request acts as admin, so a web page that points its
            // own name at 127.0.0.1 (DNS rebinding) would otherwise get admin with a same-origin
            // request. The server runs without authentication only on loopback, so loopback
            // names are all a legitimate client uses.
            logger.debug("HTTP request rejected: Host is not a loopback name while authentication is off")
            return .failure(
                ServerError(
                    .forbidden,
                    "With authentication off, requests must name a loopback host such as localhost or 127.0.0.1."
                ),
                includeResults: false
            )
        }
        let (baseURL, hostName) = origin(of: request)
        let requestContext = RequestContext(
            request: request,
            segments: segments,
            logger: logger,
            baseURL: baseURL,
            hostName: hostName
        )
        switch segments.first {
        case nil:
            return Discovery.root(requestContext, configuration: context.configuration)
        case "health":
            return Discovery.health(requestContext)
        case "db":
            return await transactions.handle(requestContext)
        case "api" where segments.count >= 2 && segments[1] == "v1":
            return await management.handle(requestContext)
        default:
            return .notFound("No endpoint answers to \(request.method) \(request.path).")
        }
    }

    /// True when the request's `Host` is `localhost`, an address in 127.0.0.0/8 or `[::1]`.
    static func isLoopbackHost(_ request: HTTPRequest) -> Bool {
        guard let value = request.header("host"), let host = HostHeader.parse(value)?.lowercased() else {
            return false
        }
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Rolls back every open HTTP transaction; call it when the server stops.
    public func shutdown() async {
        await transactions.shutdown()
    }

    /// Returns the base URL and host name of the request, from a well-formed `Host` header or the settings.
    private func origin(of request: HTTPRequest) -> (String, String) {
        if let host = request.header("host"), let parsed = HostHeader.parse(host) {
            return ((request.isSecure ? "https://" : "http://") + host, parsed)
        }
        let configuration = context.configuration
        let address = configuration.address.contains(":") ? "[\(configuration.address)]" : configuration.address
        return ("http://\(address):\(configuration.httpPort)", address)
    }
}
