/// The `NORNICDB_LDAP_*` settings; each records that it was given, see ``LDAPSettings/givenBy``.
extension ConfigurationLoader {
    static let ldapSettings: [Setting] = [
        ldap(
            "URIS",
            valueName: "URI ...",
            help:
                "Directory servers, ldap:// or ldaps://, separated by spaces or commas; tried in order when one cannot be reached (required with the ldap provider)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.uris = try uris(value, variable: variable)
        },
        ldap(
            "STARTTLS",
            valueName: "BOOL",
            help: "Upgrade ldap:// connections with StartTLS before any password is sent (default false)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.startTLS = try boolean(value, variable: variable)
        },
        ldap(
            "CA_FILE",
            valueName: "PATH",
            help:
                "PEM file of the certificate authorities that sign the directory's TLS certificate (default: the system's)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.caFile = try nonEmpty(value, variable: variable)
        },
        ldap(
            "VERIFY_CERTIFICATE",
            valueName: "BOOL",
            help:
                "Check the directory's TLS certificate and host name; false accepts any certificate, for tests only (default true)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.verifyCertificate = try boolean(value, variable: variable)
        },
        ldap(
            "USER_DN_TEMPLATE",
            valueName: "DN",
            help:
                "Bind directly as this DN, where {0} stands for the user name, escaped, such as uid={0},ou=people,dc=example,dc=org."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            guard value.contains("{0}") else {
                throw .init(
                    "\(variable) '\(value)' has no {0}; put {0} where the user name goes, such as uid={0},ou=people,dc=example,dc=org."
                )
            }
            settings.userDNTemplate = value
        },
        ldap(
            "BIND_DN",
            valueName: "DN",
            help:
                "DN of a service account that searches for users and groups (default: none; searches then run as the user)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.bindDN = try nonEmpty(value, variable: variable)
        },
        ldap("BIND_PASSWORD", valueName: "PASSWORD", help: "Password of the service account.", hasFileForm: true) {
            settings,
            value,
            variable throws(ConfigurationError) in
            guard !value.isEmpty else {
                throw .init(
                    "\(variable) is empty; an empty password is an anonymous bind, so unset NORNICDB_LDAP_BIND_DN instead."
                )
            }
            settings.bindPassword = Secret(value)
        },
        ldap(
            "USER_SEARCH_BASE",
            valueName: "DN",
            help: "Search for the user's entry below this DN first, then bind as the entry found."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.userSearchBase = try nonEmpty(value, variable: variable)
        },
        ldap(
            "USER_SEARCH_FILTER",
            valueName: "FILTER",
            help:
                "Filter that finds the user's entry, where {0} stands for the user name, escaped; for Active Directory (&(objectClass=user)(sAMAccountName={0})) (default (&(objectClass=*)(uid={0})))."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.userSearchFilter = try filter(value, variable: variable, anyOf: ["{0}"])
        },
        ldap(
            "GROUP_ATTRIBUTES",
            valueName: "NAME,...",
            help: "Attributes of the user's entry that list the DNs of its groups; empty for none (default memberOf)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.groupAttributes = value.split(separator: ",").map { String(trimmed($0)) }.filter { !$0.isEmpty }
        },
        ldap(
            "GROUP_SEARCH_BASE",
            valueName: "DN",
            help: "Also find groups by a search below this DN (default: no group search)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.groupSearchBase = try nonEmpty(value, variable: variable)
        },
        ldap(
            "GROUP_SEARCH_FILTER",
            valueName: "FILTER",
            help:
                "Filter of the group search, where {0} stands for the user's DN and {1} for the user name, both escaped; for Active Directory's nested groups (member:1.2.840.113556.1.4.1941:={0}) (default (member={0}))."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.groupSearchFilter = try filter(value, variable: variable, anyOf: ["{0}", "{1}"])
        },
        ldap(
            "NESTED_GROUPS",
            valueName: "BOOL",
            help:
                "Count the groups of the user's groups too, by repeating the group search with each group's DN, up to 8 levels (default false)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.nestedGroups = try boolean(value, variable: variable)
        },
        ldap(
            "GROUP_TO_ROLE_MAPPING",
            valueName: "MAPPING",
            help:
                "Roles of each group, as \"group DN\" = role,...; entries separated by semicolons. A key of several quoted DNs separated by commas applies to members of all of them."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.groupToRoleMapping = value
        },
        ldap(
            "DEFAULT_ROLE",
            valueName: "ROLE",
            help:
                "Role of a user in no mapped group: admin, editor, viewer or none (default none, which may log in and read nothing)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            guard Role.named(value) != nil else {
                throw .init("\(variable) '\(value)' is not a role; use admin, editor, viewer or none.")
            }
            settings.defaultRole = value
        },
        ldap(
            "REQUIRED_GROUP",
            valueName: "DN",
            help: "DN of a group a user must belong to in order to log in at all (default: none)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.requiredGroup = try nonEmpty(value, variable: variable)
        },
        ldap(
            "CONNECT_TIMEOUT",
            valueName: "DURATION",
            help: "Time allowed to open a connection to a directory server, from 1s to 300s (default 10s)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.connectTimeoutSeconds = try duration(value, variable: variable, allowZero: false, maximum: 300)
        },
        ldap(
            "READ_TIMEOUT",
            valueName: "DURATION",
            help:
                "Time allowed for each directory operation, from 1s to 300s; a login answers within the connect and read timeouts together (default 10s)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.readTimeoutSeconds = try duration(value, variable: variable, allowZero: false, maximum: 300)
        },
        ldap(
            "REFERRALS",
            valueName: "POLICY",
            help:
                "What to do with referrals: ignore them, follow them (anonymously, to servers not listed in NORNICDB_LDAP_URIS), or fail the login (default ignore)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            guard let policy = LDAPSettings.ReferralPolicy(rawValue: value) else {
                throw .init("\(variable) '\(value)' is invalid; use ignore, follow or fail.")
            }
            settings.referrals = policy
        },
        ldap(
            "MAX_CONNECTIONS",
            valueName: "COUNT",
            help:
                "Directory connections kept open, which is also the number of logins checked at once, from 1 to 64 (default 8)."
        ) {
            settings,
            value,
            variable throws(ConfigurationError) in
            settings.maximumConnections = try count(value, variable: variable, range: 1...64)
        },
    ]

    /// Makes a `NORNICDB_LDAP_<suffix>` setting with the flag `--ldap-<suffix>`.
    private static func ldap(
        _ suffix: String,
        valueName: String,
        help: String,
        hasFileForm: Bool = false,
        apply: @escaping @Sendable (inout LDAPSettings, String, String) throws(ConfigurationError) -> Void
    ) -> Setting {
        let variable = "NORNICDB_LDAP_\(suffix)"
        return Setting(
            variable: variable,
            flag: "--ldap-" + suffix.lowercased().replacingUnderscores(),
            valueName: valueName,
            help: help,
            hasFileForm: hasFileForm
        ) { config, value throws(ConfigurationError) in
            try apply(&config.ldap, value, variable)
            config.ldap.givenBy.append(variable)
        }
    }

    private static func nonEmpty(_ value: String, variable: String) throws(ConfigurationError) -> String {
        guard !trimmed(Substring(value)).isEmpty else { throw .init("\(variable) is empty; give a value or unset it.") }
        return value
    }

    private static func uris(_ value: String, variable: String) throws(ConfigurationError) -> [String] {
        let uris = value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        guard !uris.isEmpty else { throw .init("\(variable) is empty; give ldap:// or ldaps:// URIs.") }
        for uri in uris {
            let lower = uri.lowercased()
            guard lower.hasPrefix("ldap://") || lower.hasPrefix("ldaps://"),
                uri.count > (lower.hasPrefix("ldaps") ? 8 : 7)
            else {
                throw .init("\(variable) has '\(uri)', which is not an ldap:// or ldaps:// URI with a host.")
            }
        }
        return uris
    }

    /// Checks that a filter template is parenthesized and names one of its placeholders.
    private static func filter(_ value: String, variable: String, anyOf placeholders: [String])
        throws(ConfigurationError)
        -> String
    {
        guard value.hasPrefix("("), value.hasSuffix(")") else {
            throw .init("\(variable) '\(value)' is not an LDAP filter; write it in parentheses, such as (uid={0}).")
        }
        guard placeholders.contains(where: { value.contains($0) }) else {
            throw .init(
                "\(variable) '\(value)' has no \(placeholders.joined(separator: " or ")); without it every login would match the same entries."
            )
        }
        return value
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
