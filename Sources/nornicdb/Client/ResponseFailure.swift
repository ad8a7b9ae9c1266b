import JSON

/// Turns an error response of the management API into a message for the operator.
enum ResponseFailure {
    /// The maximum length of a server message shown, in characters; longer ones are cut.
    static let maximumMessageLength = 1000

    /// Returns the failure for a response with `status` outside 200-299.
    ///
    /// The message names the request, the HTTP status and each `{"code", "message"}` of the
    /// body's `errors`, as Neo4j's HTTP API sends them, and adds a hint for 401, 403 and
    /// redirects.
    static func failure(method: String, path: String, status: Int, body: JSONValue?) -> CommandFailure {
        var text = "\(method) \(path) failed with HTTP \(status)"
        let errors = entries(of: body)
        if errors.isEmpty {
            text += "."
        } else {
            text += ": " + errors.joined(separator: "; ")
            if !text.hasSuffix(".") { text += "." }
        }
        if let hint = hint(for: status) { text += " " + hint }
        return CommandFailure(text)
    }

    /// Returns the `code: message` texts of the body's `errors` list.
    static func entries(of body: JSONValue?) -> [String] {
        guard case .array(let errors)? = body?["errors"] else { return [] }
        return errors.compactMap { entry -> String? in
            let code = entry["code"]?.stringValue.map(printable)
            let message = entry["message"]?.stringValue.map(printable)
            switch (code, message) {
            case (let code?, let message?): return "\(code): \(message)"
            case (let code?, nil): return code
            case (nil, let message?): return message
            case (nil, nil): return nil
            }
        }
    }

    private static func hint(for status: Int) -> String? {
        switch status {
        case 401:
            "Check the admin token in NORNICDB_ADMIN_TOKEN or --token-file; it may have expired or been revoked. "
                + "A new one comes from POST /api/v1/auth/token."
        case 403:
            "The token's account needs the admin role."
        case 300..<400:
            "The server answered with a redirect, which is not followed so the token goes nowhere else; give "
                + "the final address in --server."
        default:
            nil
        }
    }

    /// `text` with control characters replaced by `?` and cut to ``maximumMessageLength``, so
    /// a response cannot move the cursor or rewrite earlier lines of the operator's terminal.
    static func printable(_ text: String) -> String {
        let cleaned = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }
            )
        )
        guard cleaned.count > maximumMessageLength else { return cleaned }
        return cleaned.prefix(maximumMessageLength) + "..."
    }
}
