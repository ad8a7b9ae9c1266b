import Glibc

/// A server's numeric socket address, parsed once so that every connection reuses it.
///
/// The host is an IPv4 or IPv6 literal, or `localhost` for 127.0.0.1; names are not resolved,
/// so a benchmark never depends on, or sends queries to, a name server.
struct ServerAddress: Sendable, CustomStringConvertible {
    let host: String
    let port: UInt16
    let storage: sockaddr_storage
    let length: socklen_t

    /// Parses `HOST:PORT`, with an IPv6 host in brackets: `[::1]:7687`.
    init(parsing text: String) throws(UsageError) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw UsageError("invalid address '\(text)': expected [IPV6]:PORT")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw UsageError("invalid address '\(text)': expected HOST:PORT")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = UInt16(portText), port > 0 else {
            throw UsageError("invalid port '\(portText)' in address '\(text)': expected 1 to 65535")
        }
        let numericHost = host == "localhost" ? "127.0.0.1" : String(host)
        var storage = sockaddr_storage()
        guard let length = Self.fill(&storage, host: numericHost, port: port) else {
            throw UsageError(
                "invalid host '\(host)' in address '\(text)': expected an IPv4 or IPv6 literal or localhost"
            )
        }
        self.host = String(host)
        self.port = port
        self.storage = storage
        self.length = length
    }

    var family: Int32 { Int32(storage.ss_family) }

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    private static func fill(_ storage: inout sockaddr_storage, host: String, port: UInt16) -> socklen_t? {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee = v4 }
            }
            return socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee = v6 }
            }
            return socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
        return nil
    }
}
