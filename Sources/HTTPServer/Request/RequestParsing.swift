/// The request parsing this module does in Swift on top of libmicrohttpd, as public entry points
/// for the fuzz targets in `Fuzz/`. The server itself calls the types these forward to.
public enum RequestParsing {
    /// Returns why ``RequestFraming`` rejects the header fields before the body is read, or nil
    /// when it accepts them. `fields` must have lower-cased names.
    public static func framingViolation(in fields: [(name: String, value: String)]) -> String? {
        RequestFraming.violation(in: fields)
    }

    /// Splits a request-target into its path and raw query, as the server does for each request.
    public static func target(_ text: String) -> (path: String, query: String) {
        let target = RequestTarget(parsing: text)
        return (target.path, target.query)
    }
}
