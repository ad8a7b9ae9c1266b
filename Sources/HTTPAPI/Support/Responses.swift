public import HTTPServer
public import Host
public import JSON

extension HTTPResponse {
    /// Builds a response with a JSON body and `Content-Type: application/json`.
    public static func json(_ status: Int, _ body: JSONValue, headers: [(name: String, value: String)] = []) -> Self {
        HTTPResponse(
            status: status,
            headers: [("Content-Type", "application/json; charset=utf-8")] + headers,
            body: body.serialized
        )
    }

    /// Neo4j's error body, `{"errors": [{"code", "message"}]}`, with `results: []` as the
    /// transactional endpoints send it.
    ///
    /// The status comes from ``HTTPStatus/of(_:)`` unless given; a 401 carries `WWW-Authenticate`
    /// and a 503 `Retry-After`.
    public static func failure(
        _ error: ServerError,
        status: Int? = nil,
        includeResults: Bool = true,
        headers: [(name: String, value: String)] = []
    ) -> Self {
        let status = status ?? HTTPStatus.of(error)
        var body: [String: JSONValue] = ["errors": [HTTPStatus.errorEntry(error)]]
        if includeResults { body["results"] = [] }
        var extra = headers
        if status == 401 { extra.append(("WWW-Authenticate", HTTPStatus.authenticateChallenge)) }
        if status == 503 { extra.append(("Retry-After", String(HTTPStatus.retryAfterSeconds))) }
        return .json(status, .object(body), headers: extra)
    }

    /// Builds the 404 for a path that no route or resource matches.
    public static func notFound(_ message: String) -> Self {
        .failure(ServerError(.requestInvalid, message), status: 404, includeResults: false)
    }

    /// Builds the 405 for a known path and a method it does not take, listing `allowed` in `Allow`.
    public static func methodNotAllowed(_ allowed: [String]) -> Self {
        .failure(
            ServerError(.requestInvalid, "This path accepts only \(allowed.joined(separator: ", "))."),
            status: 405,
            includeResults: false,
            headers: [("Allow", allowed.joined(separator: ", "))]
        )
    }
}

/// The mapping from Neo4j status codes to HTTP statuses.
public enum HTTPStatus {
    /// The challenge of every 401, naming both schemes the API accepts.
    public static let authenticateChallenge = #"Basic realm="Neo4j", Bearer realm="Neo4j""#
    /// Seconds a client is asked to wait in `Retry-After` after a 503.
    public static let retryAfterSeconds = 1

    /// Returns the HTTP status for an error that ends a request before any statement runs.
    ///
    /// Errors of statements inside the transactional endpoints are reported in the body with 200
    /// instead, as Neo4j does.
    public static func of(_ error: ServerError) -> Int {
        switch error.status {
        case .unauthorized, .tokenExpired, .authorizationExpired: 401
        case .forbidden, .credentialsExpired: 403
        case .authenticationRateLimit: 429
        case .authProviderFailed: 502
        case .authProviderTimeout: 504
        case .invalidFormat, .requestInvalid, .invalidArguments, .argumentError: 400
        case .databaseNotFound, .transactionNotFound: 404
        // The store raises DeadlockDetected when all its connections are in use or for a lock
        // conflict. Both pass when the client retries, so they are 503 rather than 500.
        case .resourceExhaustion, .transientTransactionFailure: 503
        case .unknownError: 500
        default: error.status.classification == "ClientError" ? 400 : 500
        }
    }

    /// Returns the member of an `errors` list that describes `error`.
    public static func errorEntry(_ error: ServerError) -> JSONValue {
        ["code": .string(error.status.code), "message": .string(error.message)]
    }
}

extension ServerError {
    /// Makes the 400 error for a body or parameter the endpoint does not take; `message` names the field.
    public static func invalidRequest(_ message: String) -> ServerError {
        ServerError(.invalidFormat, message)
    }
}
