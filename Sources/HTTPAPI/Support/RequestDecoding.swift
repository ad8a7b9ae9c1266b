public import HTTPServer

/// The checks ``HTTPAPI/handle(_:)`` runs on a request before any endpoint does, as public entry
/// points for the fuzz targets in `Fuzz/`.
public enum RequestDecoding {
    /// Returns the percent-decoded, non-empty path segments, or nil when the path is invalid.
    public static func pathSegments(_ path: String) -> [String]? {
        PathSegments.decode(path)
    }

    /// Returns the host and port a `Host` header names. Both are nil when the header is invalid.
    public static func host(_ value: String) -> (host: String?, port: String?) {
        (HostHeader.parse(value), HostHeader.port(value))
    }

    /// Returns the response that rejects a cross-site or non-JSON request, or nil when it may go on.
    public static func crossSiteRejection(of request: HTTPRequest) -> HTTPResponse? {
        CrossSiteChecks.rejection(of: request)
    }

    /// Returns whether the request's `Host` names a loopback address.
    public static func isLoopbackHost(_ request: HTTPRequest) -> Bool {
        HTTPAPI.isLoopbackHost(request)
    }
}
