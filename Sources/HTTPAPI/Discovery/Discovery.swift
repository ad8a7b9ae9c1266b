import HTTPServer
import JSON

/// The endpoints that need no authentication: the discovery document and the health check.
enum Discovery {
    /// `GET /`: where Bolt and the transactional endpoint are, and which Neo4j version this is.
    static func root(_ request: RequestContext, configuration: HTTPAPIConfiguration) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return .methodNotAllowed(["GET", "HEAD"]) }
        let bolt = "\(request.hostName):\(configuration.boltPort)"
        let document: JSONValue = [
            "bolt_routing": .string("neo4j://" + bolt),
            "bolt_direct": .string("bolt://" + bolt),
            "transaction": .string(request.baseURL + "/db/{databaseName}/tx"),
            "neo4j_version": .string(configuration.neo4jVersion),
            "neo4j_edition": "community",
            "auth_config": ["oidc_providers": []],
        ]
        return .json(200, document)
    }

    /// `GET /health`: 200 while the server accepts requests. The process serves HTTP only after
    /// storage and accounts have opened, so liveness and readiness have the same value.
    ///
    /// NOTE: with PostgreSQL storage this stays 200 while PostgreSQL is unreachable, so a load
    /// balancer keeps sending requests that fail with `DatabaseUnavailable`.
    static func health(_ request: RequestContext) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return .methodNotAllowed(["GET", "HEAD"]) }
        return .json(200, ["status": "ok", "live": true, "ready": true])
    }
}
