import GraphValue

/// The authentication scheme that `--scheme` selects.
enum AuthScheme: String, Sendable, CaseIterable {
    case none
    case basic
    case bearer
    /// Basic auth with an empty principal and a JWT as the credentials, the form that drivers
    /// without bearer support use to send a token.
    case jwtBasic = "jwt-basic"
}

/// The scheme and secrets of the logins. The description never shows a secret.
struct Credentials: Sendable, CustomStringConvertible {
    let scheme: AuthScheme
    let user: String
    let password: String
    /// The bearer tokens; connection `i` uses token `i` modulo the count. Several tokens with
    /// different subjects spread connections over several users, because the server limits
    /// the statements that one user runs at once.
    let tokens: [String]

    init(scheme: AuthScheme, user: String = "", password: String = "", tokens: [String] = []) {
        self.scheme = scheme
        self.user = user
        self.password = password
        self.tokens = tokens
    }

    /// Builds the auth dictionary of LOGON (Bolt 5.1+) or of HELLO (5.0 and older) for
    /// connection number `connectionIndex`.
    func authToken(connectionIndex: Int) -> [String: Value] {
        switch scheme {
        case .none:
            return ["scheme": "none"]
        case .basic:
            return ["scheme": "basic", "principal": .string(user), "credentials": .string(password)]
        case .bearer:
            return ["scheme": "bearer", "credentials": .string(token(connectionIndex))]
        case .jwtBasic:
            return ["scheme": "basic", "principal": "", "credentials": .string(token(connectionIndex))]
        }
    }

    private func token(_ connectionIndex: Int) -> String {
        tokens[connectionIndex % tokens.count]
    }

    var description: String {
        switch scheme {
        case .none: "scheme none"
        case .basic: "scheme basic, user \(user)"
        case .bearer, .jwtBasic: "scheme \(scheme.rawValue), \(tokens.count) token(s)"
        }
    }
}
