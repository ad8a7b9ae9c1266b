/// Parsers for setting values that several settings share or that need more than one line.
extension ConfigurationLoader {
    static func port(_ value: String, variable: String) throws(ConfigurationError) -> UInt16 {
        guard let number = UInt16(value), number > 0 else {
            throw .init("\(variable) '\(value)' is not a valid TCP port; use a whole number from 1 to 65535.")
        }
        return number
    }

    static func boolean(_ value: String, variable: String) throws(ConfigurationError) -> Bool {
        switch value.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw .init("\(variable) '\(value)' is not a boolean; use true or false.")
        }
    }

    static func initialAuth(_ value: String) throws(ConfigurationError) -> Configuration.InitialAuth {
        if value.lowercased() == "none" { return .disabled }
        guard let separator = value.firstIndex(where: { $0 == ":" || $0 == "/" }) else {
            throw .init("NORNICDB_AUTH has an invalid form; use user:password, user/password or none.")
        }
        let user = String(value[..<separator])
        let password = String(value[value.index(after: separator)...])
        guard !user.isEmpty, !password.isEmpty else {
            throw .init("NORNICDB_AUTH has an empty user or password; use user:password, user/password or none.")
        }
        guard password.count >= AccountManager.minimumPasswordLength else {
            throw .init(
                "NORNICDB_AUTH has a password shorter than \(AccountManager.minimumPasswordLength) characters; "
                    + "choose a longer one."
            )
        }
        return .admin(user: user, password: Secret(password))
    }

    static func isDatabaseName(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, ("a"..."z").contains(first), value.count <= 63 else {
            return false
        }
        return value.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "."
        }
    }

    /// Parses `NORNICDB_JWT_PREVIOUS_SECRETS`: secrets separated by commas, with surrounding
    /// whitespace ignored. An empty or all-blank value means none; an empty entry is an error.
    /// Messages give an entry's position and length, never its text.
    static func previousSecrets(_ value: String) throws(ConfigurationError) -> [Secret] {
        guard !trimmed(Substring(value)).isEmpty else { return [] }
        var secrets: [Secret] = []
        for (offset, part) in value.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let entry = trimmed(part)
            guard !entry.isEmpty else {
                throw .init(
                    "NORNICDB_JWT_PREVIOUS_SECRETS has an empty entry at position \(offset + 1); separate the "
                        + "secrets with single commas."
                )
            }
            guard entry.utf8.count >= 32 else {
                throw .init(
                    "NORNICDB_JWT_PREVIOUS_SECRETS entry \(offset + 1) is too short (\(entry.utf8.count) bytes); "
                        + "every JWT secret must have at least 32 bytes."
                )
            }
            secrets.append(Secret(String(entry)))
        }
        return secrets
    }

    static func trimmed(_ text: Substring) -> Substring {
        let start = text.drop(while: \.isWhitespace)
        return start.dropLast(start.reversed().prefix(while: \.isWhitespace).count)
    }
}
