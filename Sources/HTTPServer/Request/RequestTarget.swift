/// The request-target of a request line, split into the path and the raw query.
struct RequestTarget: Equatable {
    /// The path without the query, not percent-decoded; for an absolute-form target such as
    /// `http://host:7474/db?x=1` the scheme and authority are removed, leaving `/db`.
    var path: String
    /// The text after the first `?`, not decoded, or empty.
    var query: String

    init(path: String, query: String) {
        self.path = path
        self.query = query
    }

    /// Splits `target` as it arrived on the request line.
    init(parsing target: String) {
        var pathPart = Substring(target)
        var queryPart = Substring()
        if let mark = target.firstIndex(of: "?") {
            pathPart = target[..<mark]
            queryPart = target[target.index(after: mark)...]
        }
        path = String(Self.removingSchemeAndAuthority(pathPart))
        query = String(queryPart)
    }

    private static func removingSchemeAndAuthority(_ path: Substring) -> Substring {
        let lowered = path.prefix(8).lowercased()
        let schemeLength = lowered.hasPrefix("http://") ? 7 : lowered.hasPrefix("https://") ? 8 : 0
        guard schemeLength > 0 else { return path }
        let authorityAndPath = path.dropFirst(schemeLength)
        guard let slash = authorityAndPath.firstIndex(of: "/") else { return "/" }
        return authorityAndPath[slash...]
    }
}
