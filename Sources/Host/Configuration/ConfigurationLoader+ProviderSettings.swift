/// Settings of the provider chain and the login cache, and the rules between the providers' settings.
extension ConfigurationLoader {
    /// The names `NORNICDB_AUTH_PROVIDERS` accepts.
    public static let providerNames = ["local", "ldap", "pam"]

    static let providerSettings: [Setting] = [
        Setting(
            variable: "NORNICDB_AUTH_PROVIDERS",
            flag: "--auth-providers",
            valueName: "NAME,...",
            help: "Password providers in the order they are asked, from local, ldap and pam; the first that knows "
                + "the user decides, and a wrong password there is final (default local)."
        ) { config, value throws(ConfigurationError) in
            config.authProviders = try providers(value)
        },
        Setting(
            variable: "NORNICDB_AUTH_CACHE_TTL",
            flag: "--auth-cache-ttl",
            valueName: "DURATION",
            help: "How long a login checked by LDAP stays cached, as a salted hash of the password with the roles "
                + "found, such as 90s or 10m; 0 turns the cache off. Open connections must log in again after "
                + "this time (default 10m)."
        ) { config, value throws(ConfigurationError) in
            config.authCacheTTLSeconds = try duration(
                value,
                variable: "NORNICDB_AUTH_CACHE_TTL",
                allowZero: true,
                maximum: 86_400
            )
        },
        Setting(
            variable: "NORNICDB_AUTH_CACHE_MAX_ENTRIES",
            flag: "--auth-cache-max-entries",
            valueName: "COUNT",
            help:
                "Maximum number of logins in the cache; the oldest is evicted first, from 1 to 1000000 (default 10000)."
        ) { config, value throws(ConfigurationError) in
            config.authCacheMaximumEntries = try count(
                value,
                variable: "NORNICDB_AUTH_CACHE_MAX_ENTRIES",
                range: 1...1_000_000
            )
        },
    ]

    /// Parses `NORNICDB_AUTH_PROVIDERS`: known names separated by commas, each at most once.
    static func providers(_ value: String) throws(ConfigurationError) -> [String] {
        let names = value.split(separator: ",", omittingEmptySubsequences: false).map { String(trimmed($0)) }
        guard !names.isEmpty, !names.contains(where: \.isEmpty) else {
            throw .init(
                "NORNICDB_AUTH_PROVIDERS '\(value)' has an empty entry; list providers separated by commas, "
                    + "such as local,ldap."
            )
        }
        for name in names where !providerNames.contains(name) {
            throw .init(
                "NORNICDB_AUTH_PROVIDERS names the unknown provider '\(name)'; use \(providerNames.joined(separator: " or "))."
            )
        }
        guard Set(names).count == names.count else {
            throw .init("NORNICDB_AUTH_PROVIDERS '\(value)' names a provider twice; list each once.")
        }
        return names
    }

    /// Parses a duration in whole seconds within `0` or `1` up to `maximum`.
    static func duration(
        _ value: String,
        variable: String,
        allowZero: Bool,
        maximum: Int64
    ) throws(ConfigurationError) -> Int64 {
        let minimum: Int64 = allowZero ? 0 : 1
        guard let seconds = DurationSyntax.seconds(value), seconds >= minimum, seconds <= maximum else {
            throw .init(
                "\(variable) '\(value)' is invalid; use a duration from \(minimum)s to \(maximum)s, such as 5s, "
                    + "90s or 10m."
            )
        }
        return seconds
    }

    static func count(_ value: String, variable: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw .init(
                "\(variable) '\(value)' is invalid; use a whole number from \(range.lowerBound) to \(range.upperBound)."
            )
        }
        return number
    }

    /// Rules between the provider settings: LDAP and PAM settings need their provider in the
    /// chain, and `ldap` needs servers and one way of finding users.
    static func validateProviders(_ config: Configuration) throws(ConfigurationError) {
        try validatePAM(config)
        let ldap = config.ldap
        guard config.authProviders.contains("ldap") else {
            if let first = ldap.givenBy.first {
                throw .init(
                    "\(first) is set, but NORNICDB_AUTH_PROVIDERS (\(config.authProviders.joined(separator: ","))) "
                        + "does not include ldap, so it would have no effect; add ldap to NORNICDB_AUTH_PROVIDERS "
                        + "or unset the NORNICDB_LDAP_* settings."
                )
            }
            return
        }
        guard !ldap.uris.isEmpty else {
            throw .init(
                "NORNICDB_AUTH_PROVIDERS includes ldap but NORNICDB_LDAP_URIS is not set; give the directory's "
                    + "servers, such as ldaps://ldap.example.org."
            )
        }
        switch (ldap.userDNTemplate, ldap.userSearchBase) {
        case (nil, nil):
            throw .init(
                "The ldap provider needs NORNICDB_LDAP_USER_DN_TEMPLATE (bind as a DN built from the user name) "
                    + "or NORNICDB_LDAP_USER_SEARCH_BASE (search for the user's entry first); set one."
            )
        case (.some, .some):
            throw .init(
                "NORNICDB_LDAP_USER_DN_TEMPLATE and NORNICDB_LDAP_USER_SEARCH_BASE are both set; set the template "
                    + "to bind directly, or the search base to search first, not both."
            )
        default:
            break
        }
        if (ldap.bindDN == nil) != (ldap.bindPassword == nil) {
            throw .init(
                "NORNICDB_LDAP_BIND_DN and NORNICDB_LDAP_BIND_PASSWORD go together; set both for a service "
                    + "account, or neither."
            )
        }
        if ldap.nestedGroups, ldap.groupSearchBase == nil {
            throw .init(
                "NORNICDB_LDAP_NESTED_GROUPS needs NORNICDB_LDAP_GROUP_SEARCH_BASE, where the groups of groups are "
                    + "searched; set it, or use the directory's own nested-group filter in "
                    + "NORNICDB_LDAP_GROUP_SEARCH_FILTER."
            )
        }
        if ldap.startTLS, ldap.uris.contains(where: { $0.lowercased().hasPrefix("ldaps://") }) {
            throw .init(
                "NORNICDB_LDAP_STARTTLS is true but NORNICDB_LDAP_URIS has an ldaps:// server, which is encrypted "
                    + "already; use ldap:// servers with StartTLS, or turn StartTLS off."
            )
        }
    }
}
