public import Host

/// A mapping from directory groups to the roles their members get.
///
/// The text form is a list of entries separated by `;`, each `key = role, role, ...`. A key is
/// a group DN, in double quotes or bare, or several quoted DNs separated by commas, which
/// applies to members of all of them:
///
/// ```
/// "cn=graph-admins,ou=groups,dc=example,dc=org" = admin;
/// "cn=graph-readers,ou=groups,dc=example,dc=org" = viewer;
/// "cn=ops,ou=groups,dc=example,dc=org","cn=oncall,ou=groups,dc=example,dc=org" = editor
/// ```
///
/// A user gets the union of the roles of every entry whose groups it belongs to.
public struct GroupRoleMapping: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        /// Normalized DNs the user must all belong to.
        public var groups: [String]
        public var roles: [String]
    }

    public private(set) var rules: [Rule]

    public init(rules: [Rule] = []) {
        self.rules = rules
    }

    /// Returns the roles of a user in `groups`, which are normalized DNs: sorted, without repeats.
    public func roles(forGroups groups: Set<String>) -> [String] {
        var roles = Set<String>()
        for rule in rules where rule.groups.allSatisfy(groups.contains) { roles.formUnion(rule.roles) }
        return roles.sorted()
    }

    /// Parses the text form; errors name the setting and the entry.
    public static func parse(_ text: String, variable: String) throws(ConfigurationError) -> GroupRoleMapping {
        var rules: [Rule] = []
        for (position, entry) in try split(text, on: ";", variable: variable).enumerated() {
            let trimmed = trim(entry)
            if trimmed.isEmpty { continue }
            let parts = try split(trimmed, on: "=", variable: variable)
            // DNs contain '=', roles never do: the roles follow the last '=' outside quotes.
            guard parts.count >= 2, let rolesText = parts.last else {
                throw .init("\(variable) entry \(position + 1) has no '='; write \"group DN\" = role.")
            }
            let keyText = trimmed.dropLast(rolesText.count + 1)
            let groups = try keys(String(keyText), variable: variable, position: position + 1)
            let roles = rolesText.split(separator: ",", omittingEmptySubsequences: false).map { trim(String($0)) }
            guard !roles.isEmpty, !roles.contains(where: \.isEmpty) else {
                throw .init("\(variable) entry \(position + 1) has an empty role; list roles separated by commas.")
            }
            for role in roles where Role.named(role) == nil {
                throw .init(
                    "\(variable) entry \(position + 1) names the unknown role '\(role)'; use admin, editor, viewer "
                        + "or none."
                )
            }
            rules.append(Rule(groups: groups, roles: roles))
        }
        return GroupRoleMapping(rules: rules)
    }

    /// Parses a key: one bare DN, or quoted DNs separated by commas; each is normalized.
    private static func keys(_ text: String, variable: String, position: Int) throws(ConfigurationError) -> [String] {
        let key = trim(text)
        var names: [String] = []
        if key.hasPrefix("\"") {
            var remainder = Substring(key)
            while !remainder.isEmpty {
                guard remainder.first == "\"" else {
                    throw .init("\(variable) entry \(position) has text outside the quotes of its key.")
                }
                remainder = remainder.dropFirst()
                var name = ""
                var closed = false
                while let character = remainder.first {
                    remainder = remainder.dropFirst()
                    if character == "\\", let next = remainder.first, next == "\"" || next == "\\" {
                        // A quote or backslash escaped for the mapping, not for the DN.
                        name.append(next)
                        remainder = remainder.dropFirst()
                    } else if character == "\"" {
                        closed = true
                        break
                    } else {
                        name.append(character)
                    }
                }
                guard closed else { throw .init("\(variable) entry \(position) has an unclosed quote.") }
                names.append(name)
                remainder = remainder.drop(while: \.isWhitespace)
                if remainder.first == "," { remainder = remainder.dropFirst().drop(while: \.isWhitespace) }
            }
        } else {
            names = [key]
        }
        var groups: [String] = []
        for name in names {
            guard let group = DistinguishedName.normalize(name) else {
                throw .init("\(variable) entry \(position) has '\(name)', which is not a distinguished name.")
            }
            groups.append(group)
        }
        guard !groups.isEmpty else { throw .init("\(variable) entry \(position) has no group DN.") }
        return groups
    }

    /// Splits at `separator` outside double quotes; a backslash escapes the next character.
    private static func split(_ text: String, on separator: Character, variable: String) throws(ConfigurationError)
        -> [String]
    {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
                current.append(character)
            } else if character == separator, !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !quoted else { throw .init("\(variable) has an unclosed quote.") }
        parts.append(current)
        return parts
    }

    private static func trim(_ text: String) -> String {
        let start = text.drop(while: \.isWhitespace)
        return String(start.dropLast(start.reversed().prefix(while: \.isWhitespace).count))
    }
}
