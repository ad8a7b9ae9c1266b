import HTTPServer
import Host

/// Rejects requests that a web page on another site could make a browser send.
///
/// A browser sends a form-encoded, `text/plain` or bodiless POST to any site without asking it
/// first (a CORS "simple request"), and it attaches Basic credentials it has cached for that
/// site. The API offers no CORS, so it takes no body a form can make, and no request from a page
/// of another origin.
enum CrossSiteChecks {
    static let requiredContentType = "application/json"

    /// Returns the response that rejects `request`, or nil when it may go on to an endpoint.
    ///
    /// - A non-empty body must have exactly one `Content-Type`, `application/json` or a `+json`
    ///   type, with any parameters such as `charset`; otherwise 415 `InvalidFormat`. A bodiless
    ///   request needs none, so `curl -u user:password -X POST …` works.
    /// - An `Origin` header must name the host and port of the `Host` header; otherwise 403.
    static func rejection(of request: HTTPRequest) -> HTTPResponse? {
        if !request.body.isEmpty {
            let types = request.headers(named: "content-type")
            guard types.count == 1, let type = types.first, isJSON(type) else {
                var found = "none"
                if types.count == 1 {
                    found = "'\(types[0])'"
                } else if types.count > 1 {
                    found = "\(types.count) values"
                }
                let error = ServerError.invalidRequest(
                    "A request body must have Content-Type: \(requiredContentType), but the request has \(found)."
                )
                return .failure(error, status: 415, includeResults: false)
            }
        }
        let origins = request.headers(named: "origin")
        if !origins.isEmpty {
            let hosts = request.headers(named: "host")
            guard origins.count == 1, hosts.count == 1, isSameOrigin(origins[0], host: hosts[0]) else {
                let error = ServerError(
                    .forbidden,
                    "Cross-origin requests are rejected because this server offers no CORS. The Origin header "
                        + "must name the host and port of the Host header."
                )
                return .failure(error, status: 403, includeResults: false)
            }
        }
        return nil
    }

    /// True for `application/json` and `…/…+json`, with any parameters, in any case.
    static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let lowered = String(mediaType).trimmingSpaces.lowercased()
        if lowered == requiredContentType { return true }
        guard let slash = lowered.firstIndex(of: "/") else { return false }
        let type = lowered[..<slash]
        let subtype = lowered[lowered.index(after: slash)...]
        return !type.isEmpty && type != "*" && subtype.count > "+json".count && subtype.hasSuffix("+json")
    }

    /// Compares the authority of an `Origin` (`scheme://host[:port]`) with a `Host` header value.
    ///
    /// A `Host` without a port matches the default port of the origin's scheme (80 or 443), because
    /// a TLS proxy in front may pass on the client's `Host` unchanged. `Origin: null`, sent by
    /// sandboxed pages and local files, never matches.
    static func isSameOrigin(_ origin: String, host: String) -> Bool {
        let lowered = origin.trimmingSpaces.lowercased()
        let defaultPort: String
        let authority: Substring
        if lowered.hasPrefix("http://") {
            (defaultPort, authority) = ("80", lowered.dropFirst("http://".count))
        } else if lowered.hasPrefix("https://") {
            (defaultPort, authority) = ("443", lowered.dropFirst("https://".count))
        } else {
            return false
        }
        guard let originHost = HostHeader.parse(String(authority)),
            let requestHost = HostHeader.parse(host.trimmingSpaces.lowercased())
        else { return false }
        let originPort = HostHeader.port(String(authority)) ?? defaultPort
        let requestPort = HostHeader.port(host.trimmingSpaces) ?? defaultPort
        return originHost == requestHost && Int(originPort) == Int(requestPort)
    }
}
