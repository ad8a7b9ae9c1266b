import Foundation

/// The base URL of a running server's HTTP API, as `--server` gives it.
struct ServerAddress: Sendable, CustomStringConvertible {
    /// The scheme, host, port and optional path prefix, without a trailing slash.
    let base: String
    let isEncrypted: Bool
    let isLoopback: Bool

    /// Checks `text`: an `http` or `https` URL with a host, and no user info, query or fragment.
    ///
    /// - Throws: ``UsageError`` naming the problem.
    init(_ text: String, command: String) throws(UsageError) {
        let example = "give the HTTP API's address, for example --server http://127.0.0.1:7474"
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw UsageError("The server address '\(text)' is not a valid URL; \(example).", command: command)
        }
        guard scheme == "http" || scheme == "https" else {
            throw UsageError("The server address '\(text)' must use http or https; \(example).", command: command)
        }
        // User info in the URL would be a second credential beside the token. A query or a
        // fragment has no meaning for a base address, so it probably marks a typing error.
        guard components.user == nil, components.password == nil else {
            throw UsageError(
                "The server address must not contain a user or password; give the admin token in "
                    + "NORNICDB_ADMIN_TOKEN or --token-file.",
                command: command
            )
        }
        guard components.query == nil, components.fragment == nil else {
            throw UsageError("The server address '\(text)' must not have a query or fragment.", command: command)
        }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        self.isEncrypted = scheme == "https"
        self.isLoopback = Self.isLoopbackHost(host)
    }

    var description: String { base }

    /// Returns the URL of `path`, which starts with `/`.
    func url(_ path: String) -> URL? { URL(string: base + path) }

    /// Percent-encodes `segment` so it is one path segment: every byte outside the RFC 3986
    /// unreserved characters is encoded, including `/`.
    static func pathSegment(_ segment: String) -> String {
        var encoded = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    private static func isLoopbackHost(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if name == "localhost" || name == "::1" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
