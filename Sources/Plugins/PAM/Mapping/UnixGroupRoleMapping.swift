public import Host

/// A mapping from Unix groups to the roles their members get.
///
/// The text form is a list of entries separated by `;`, each `key = role, role, ...`. A key is
/// a group name, or several names separated by commas, which applies only to members of all
/// of them. A name is bare, with surrounding spaces trimmed, or in double quotes when it
/// contains `;`, `=`, `,` or `"`. Inside quotes, `\"` is `"` and `\\` is `\`:
///
/// ```
/// graph-admins = admin; graph-readers = viewer; ops, oncall = editor; "domain users" = viewer
/// ```
///
/// A user gets the union of the roles of every entry whose groups it belongs to.
public struct UnixGroupRoleMapping: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        /// Group names the user must all belong to.
        public var groups: [String]
        public var roles: [String]
    }

    public private(set) var rules: [Rule]

    public init(rules: [Rule] = []) {
        self.rules = rules
    }

    /// Returns the roles of a user in `groups`: sorted, without repeats, empty when no rule applies.
    public func roles(forGroups groups: Set<String>) -> [String] {
        var roles = Set<String>()
        for rule in rules where rule.groups.allSatisfy(groups.contains) { roles.formUnion(rule.roles) }
        return roles.sorted()
    }

    /// Parses the text form; errors name the setting and the entry, counted from 1.
    public static func parse(_ text: String, variable: String) throws(ConfigurationError) -> UnixGroupRoleMapping {
        var rules: [Rule] = []
        for (index, entry) in try split(text, on: ";", variable: variable).enumerated() {
            let position = index + 1
            if trim(entry).isEmpty { continue }
            let sides = try split(entry, on: "=", variable: variable)
            guard sides.count == 2 else {
                throw .init(
                    sides.count < 2
                        ? "\(variable) entry \(position) has no '='; write group = role."
                        : "\(variable) entry \(position) has more than one '='; quote a group name that contains '='."
                )
            }
            let groups = try names(sides[0], variable: variable, position: position)
            let roles = sides[1].split(separator: ",", omittingEmptySubsequences: false).map { trim(String($0)) }
            guard !roles.contains(where: \.isEmpty) else {
                throw .init("\(variable) entry \(position) has an empty role; list roles separated by commas.")
            }
            for role in roles where Role.named(role) == nil {
                throw .init(
                    "\(variable) entry \(position) names the unknown role '\(role)'; use admin, editor, viewer or none."
                )
            }
            rules.append(Rule(groups: groups, roles: roles))
        }
        return UnixGroupRoleMapping(rules: rules)
    }

    /// Parses a key: group names separated by commas, each bare or quoted.
    private static func names(_ key: String, variable: String, position: Int) throws(ConfigurationError) -> [String] {
        var names: [String] = []
        for part in try split(key, on: ",", variable: variable) {
            let name = trim(part)
            if name.hasPrefix("\"") {
                guard name.count >= 2, name.hasSuffix("\""), let inner = unquote(name.dropFirst().dropLast()) else {
                    throw .init("\(variable) entry \(position) has text outside the quotes of a group name.")
                }
                guard !inner.isEmpty else { throw .init("\(variable) entry \(position) has an empty group name.") }
                names.append(inner)
            } else {
                guard !name.isEmpty else { throw .init("\(variable) entry \(position) has an empty group name.") }
                guard !name.contains("\"") else {
                    throw .init("\(variable) entry \(position) has a '\"' inside the group name '\(name)'.")
                }
                names.append(name)
            }
        }
        return names
    }

    /// Removes the escapes of a quoted name; nil when an unescaped quote is left inside it.
    private static func unquote(_ text: Substring) -> String? {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return nil
            } else {
                result.append(character)
            }
        }
        return escaped ? nil : result
    }

    /// Splits on `separator` outside double quotes, keeping the quotes and escapes in the parts.
    private static func split(_ text: String, on separator: Character, variable: String) throws(ConfigurationError)
        -> [String]
    {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if quoted {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    quoted = false
                }
                current.append(character)
            } else if character == separator {
                parts.append(current)
                current = ""
            } else {
                if character == "\"" { quoted = true }
                current.append(character)
            }
        }
        guard !quoted else { throw .init("\(variable) has a '\"' that is not closed.") }
        parts.append(current)
        return parts
    }

    private static func trim(_ text: String) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
