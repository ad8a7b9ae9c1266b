/// One HTTP request, read completely before the handler is called.
public struct HTTPRequest: Sendable {
    /// The method in upper case, for example `GET`.
    public var method: String
    /// The path without the query string, percent-decoding not applied, for example `/db/neo4j/tx`.
    public var path: String
    /// The raw query string after `?`, or empty.
    public var query: String
    /// Header fields in arrival order; names are lower-cased.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The client's IP address as text, for logs.
    public var remoteAddress: String
    /// The server's id for this request, logged under `http.request.id`; empty when the request
    /// was not made by ``HTTPServer``.
    public var requestID: String
    /// Whether the request arrived over HTTPS.
    public var isSecure = false

    public init(
        method: String,
        path: String,
        query: String = "",
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        remoteAddress: String = "",
        requestID: String = ""
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.requestID = requestID
    }

    /// Returns the value of the first header named `name` (any case), or nil.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// Returns all values of the headers named `name` (any case), in arrival order.
    public func headers(named name: String) -> [String] {
        let lowered = name.lowercased()
        return headers.filter { $0.name == lowered }.map(\.value)
    }
}

/// The reply to one ``HTTPRequest``.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields to send; the server adds `Content-Length`, `Date` and connection headers and
    /// ignores a `Content-Length` given here. A field with an empty value is not sent.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
