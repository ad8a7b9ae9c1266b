/// A `postgres://` or `postgresql://` connection URL, split into the parts libpq takes.
///
/// The form is `postgres://[user[:password]@][host][:port][/database][?key=value&...]`, as in
/// libpq's connection URIs. Percent-escapes are decoded in every part. The query string's keys
/// are libpq connection keywords such as `sslmode`, `sslrootcert`, `sslcert`, `sslkey` and
/// `connect_timeout`, passed to libpq unchanged; libpq rejects an unknown keyword when it
/// connects. A host in brackets is an IPv6 address, and a host starting with `/` (written
/// percent-encoded, `%2F`) is a Unix socket directory.
///
/// The password is a ``Secret``: ``redacted`` and `description` replace it, and the `password`
/// and `sslpassword` query parameters, with `***`, so the URL can go into logs and error messages.
public struct PostgreSQLURL: Sendable, Equatable, CustomStringConvertible {
    public var user: String?
    public var password: Secret?
    public var host: String?
    public var port: Int?
    public var database: String?
    /// The query string's parameters, in the order given.
    public var parameters: [(key: String, value: String)] = []

    /// The URL with every password replaced by `***`.
    public private(set) var redacted = ""

    public var description: String { redacted }

    public static func == (lhs: PostgreSQLURL, rhs: PostgreSQLURL) -> Bool {
        lhs.user == rhs.user && lhs.password == rhs.password && lhs.host == rhs.host && lhs.port == rhs.port
            && lhs.database == rhs.database && lhs.parameters.elementsEqual(rhs.parameters) { $0 == $1 }
    }

    /// Parses `text`; the error message never contains the password.
    public init(parsing text: String) throws(ConfigurationError) {
        guard let schemeEnd = text.range(of: "://"),
            ["postgres", "postgresql"].contains(text[..<schemeEnd.lowerBound].lowercased())
        else {
            throw .init(
                "'\(Self.redact(text))' is not a PostgreSQL URL; it must start with postgres:// or postgresql://."
            )
        }
        let scheme = String(text[..<schemeEnd.lowerBound])
        var rest = Substring(text[schemeEnd.upperBound...])
        try Self.rejectRawDelimiterInUserInfo(rest)
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        // The last '@' ends the user information, because a password may contain '@' only
        // percent-encoded, but some tools leave it raw.
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decoded(userInfo[..<colon], part: "user name")
                password = Secret(try Self.decoded(userInfo[userInfo.index(after: colon)...], part: "password"))
            } else {
                user = try Self.decoded(userInfo, part: "user name")
            }
        }
        try parseHostAndPort(rest)
        if !path.isEmpty { database = try Self.decoded(path, part: "database name") }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            guard let equals = pair.firstIndex(of: "="), pair.startIndex != equals else {
                throw .init("PostgreSQL URL parameter '\(pair)' is not of the form key=value.")
            }
            let key = try Self.decoded(pair[..<equals], part: "parameter name")
            let value = try Self.decoded(pair[pair.index(after: equals)...], part: "parameter value")
            parameters.append((key, value))
        }
        if user?.isEmpty == true { user = nil }
        redacted = Self.redactedForm(
            scheme: scheme,
            user: user,
            hasPassword: password != nil,
            hostAndPort: String(rest),
            path: String(path),
            parameters: parameters
        )
    }

    /// Rejects an `@` after the first `/` or `?` outside a parameter value: most likely a password
    /// with a raw `/` or `?`, which would end the host part early and put the rest of the password
    /// into the database name or an error message. The message therefore quotes no part of the URL.
    private static func rejectRawDelimiterInUserInfo(_ afterScheme: Substring) throws(ConfigurationError) {
        guard let at = afterScheme.firstIndex(of: "@"),
            let delimiter = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }),
            delimiter < at, !afterScheme[delimiter..<at].contains("=")
        else { return }
        throw .init(
            "The PostgreSQL URL has an '@' after its host part: percent-encode '/' as %2F and '?' as %3F in the "
                + "password, and '@' as %40 in the database name."
        )
    }

    private mutating func parseHostAndPort(_ text: Substring) throws(ConfigurationError) {
        var hostPart = text
        var portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw .init("PostgreSQL URL host '\(text)' opens '[' without a closing ']'.")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") {
                portPart = after.dropFirst()
            } else if !after.isEmpty {
                throw .init("PostgreSQL URL host '\(text)' has text after ']' that is not a :port.")
            }
        } else if let colon = text.lastIndex(of: ":") {
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        if hostPart.contains(",") {
            throw .init("PostgreSQL URL host '\(text)' lists several hosts; give exactly one.")
        }
        if !hostPart.isEmpty { host = try Self.decoded(hostPart, part: "host") }
        if let portPart {
            guard let number = Int(portPart), (1...65535).contains(number) else {
                throw .init("PostgreSQL URL port '\(portPart)' is invalid; use a number from 1 to 65535.")
            }
            port = number
        }
    }

    /// libpq's `key=value` connection string. Each value is single-quoted with `\` and `'`
    /// escaped, as libpq's connection string syntax requires. It contains the password, so it
    /// must never be logged.
    public func connectionString(defaults: [(key: String, value: String)] = []) -> String {
        var pairs: [(String, String)] = []
        if let host { pairs.append(("host", host)) }
        if let port { pairs.append(("port", String(port))) }
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password.reveal())) }
        if let database { pairs.append(("dbname", database)) }
        for (key, value) in defaults where !parameters.contains(where: { $0.key == key }) {
            pairs.append((key, value))
        }
        for (key, value) in parameters { pairs.append((key, value)) }
        return pairs.map { key, value in key + "=" + Self.quoted(value) }.joined(separator: " ")
    }

    private static func quoted(_ value: String) -> String {
        var result = "'"
        for character in value {
            if character == "\\" || character == "'" { result.append("\\") }
            result.append(character)
        }
        return result + "'"
    }

    private static func decoded(_ text: Substring, part: String) throws(ConfigurationError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                // The part may be the password, so the message does not quote it.
                throw .init("The PostgreSQL URL's \(part) has an invalid percent-escape; use %XX with two hex digits.")
            }
            bytes.append(high << 4 | low)
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw .init("The PostgreSQL URL's \(part) is not valid UTF-8 after percent-decoding.")
        }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The libpq parameters whose values are secrets: the server password and the password of
    /// the client certificate's key.
    static let secretParameters: Set<String> = ["password", "sslpassword"]

    private static func redactedForm(
        scheme: String,
        user: String?,
        hasPassword: Bool,
        hostAndPort: String,
        path: String,
        parameters: [(key: String, value: String)]
    ) -> String {
        var text = scheme + "://"
        if let user { text += percentEncoded(user) + (hasPassword ? ":***" : "") + "@" }
        text += hostAndPort
        if !path.isEmpty { text += "/" + path }
        if !parameters.isEmpty {
            let pairs = parameters.map { key, value in
                percentEncoded(key) + "=" + (Self.secretParameters.contains(key) ? "***" : percentEncoded(value))
            }
            text += "?" + pairs.joined(separator: "&")
        }
        return text
    }

    private static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80,
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".contains(Character(scalar))
            {
                result.unicodeScalars.append(scalar)
            } else {
                result +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return result
    }

    /// Replaces what looks like a password in text that failed to parse as a URL.
    static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text.contains("@") ? "***" : text }
        let rest = text[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return text }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<schemeEnd.upperBound]) + userInfo[..<colon] + ":***" + rest[at...]
    }
}
