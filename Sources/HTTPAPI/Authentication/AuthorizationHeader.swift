public import Host

/// Decodes an HTTP `Authorization` header into the same ``AuthToken`` a Bolt client sends.
///
/// `Basic` carries `user:password` in standard base64, split at the first colon; an empty user
/// name makes the password a JWT, as the `basic` scheme defines. `Bearer` carries the raw token.
/// Scheme names are case-insensitive (RFC 9110 section 11.1).
public enum AuthorizationHeader {
    /// The maximum header value length, so a huge value is rejected before it is decoded.
    public static let maximumLength = 32 * 1024

    public static let invalidHeader = ServerError(.invalidFormat, "Invalid authentication header.")

    /// Decodes the token the header carries.
    ///
    /// - Throws: ``invalidHeader`` (400) for an unknown scheme, missing credentials, bad base64,
    ///   a missing colon or text that is not UTF-8.
    public static func token(from value: String) throws(ServerError) -> AuthToken {
        guard value.utf8.count <= maximumLength else { throw invalidHeader }
        let trimmed = value.trimmingSpaces
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else { throw invalidHeader }
        let scheme = trimmed[..<space].lowercased()
        let credentials = String(trimmed[space...]).trimmingSpaces
        guard !credentials.isEmpty, !credentials.contains(where: { $0 == " " || $0 == "\t" }) else {
            throw invalidHeader
        }
        switch scheme {
        case "basic":
            guard let bytes = decodeBase64(credentials), let text = String(validating: bytes, as: UTF8.self),
                let colon = text.firstIndex(of: ":")
            else { throw invalidHeader }
            return .basic(principal: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        case "bearer":
            return .bearer(credentials)
        default:
            throw invalidHeader
        }
    }

    /// Decodes padded or unpadded standard base64 (RFC 4648 section 4) strictly.
    static func decodeBase64(_ text: String) -> [UInt8]? {
        var body = Substring(text)
        var padding = 0
        while body.last == "=" {
            body.removeLast()
            padding += 1
        }
        guard padding <= 2, padding == 0 || (body.utf8.count + padding) % 4 == 0 else { return nil }
        guard !body.contains(where: { $0 == "-" || $0 == "_" }) else { return nil }
        var urlAlphabet = ""
        for character in body {
            switch character {
            case "+": urlAlphabet.append("-")
            case "/": urlAlphabet.append("_")
            default: urlAlphabet.append(character)
            }
        }
        return Base64URL.decode(urlAlphabet)
    }
}
