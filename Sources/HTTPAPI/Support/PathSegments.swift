/// Splits and percent-decodes request paths.
enum PathSegments {
    /// Returns the non-empty segments of `path`, each percent-decoded; nil when an escape is
    /// malformed or decodes to invalid UTF-8.
    static func decode(_ path: String) -> [String]? {
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let segment = percentDecode(raw) else { return nil }
            segments.append(segment)
        }
        return segments
    }

    static func percentDecode(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Reads the `Host` header, which decides the host name in URLs the API returns.
enum HostHeader {
    /// Returns the host part of `host[:port]` or `[v6][:port]`; nil for anything else, so a forged
    /// header cannot inject text into returned URLs.
    static func parse(_ value: String) -> String? {
        authority(value)?.host
    }

    /// Returns the port of a valid `host:port` or `[v6]:port`, as its digits; nil when there is none or
    /// the value is invalid.
    static func port(_ value: String) -> String? {
        authority(value)?.port
    }

    /// Splits `value` into host and port. Only ASCII letters, digits, `-` and `.` may form a name,
    /// ASCII hex digits, `:` and `.` an IPv6 literal, and at most five ASCII digits the port, so
    /// look-alikes such as fullwidth digits are rejected.
    private static func authority(_ value: String) -> (host: String, port: String?)? {
        guard !value.isEmpty, value.utf8.count <= 255 else { return nil }
        var host = Substring(value)
        var port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let inside = host[host.index(after: host.startIndex)..<close]
            guard !inside.isEmpty,
                inside.utf8.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
            else { return nil }
            let rest = host[host.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { return nil }
                port = rest.dropFirst()
            }
            host = host[...close]
        } else {
            if let colon = host.firstIndex(of: ":") {
                port = host[host.index(after: colon)...]
                host = host[..<colon]
            }
            let allowed = host.utf8.allSatisfy {
                isLetterOrDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
            }
            guard !host.isEmpty, allowed else { return nil }
        }
        if let port {
            guard !port.isEmpty, port.utf8.count <= 5, port.utf8.allSatisfy(isDigit) else { return nil }
        }
        return (String(host), port.map(String.init))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
