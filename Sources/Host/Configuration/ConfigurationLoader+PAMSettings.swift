/// The `NORNICDB_PAM_*` settings; each records that it was given, see ``PAMSettings/givenBy``.
extension ConfigurationLoader {
    static let pamSettings: [Setting] = [
        pam(
            "SERVICE",
            valueName: "NAME",
            help: "PAM service whose stack checks the logins, the file name in /etc/pam.d, made of letters, digits, "
                + "'.', '_' and '-' (default nornicdb)."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.service = try service(value, variable: variable)
        },
        pam(
            "GROUP_TO_ROLE_MAPPING",
            valueName: "MAPPING",
            help: "Roles of each Unix group, as group = role,...; entries separated by semicolons, such as "
                + "graph-admins = admin; graph-readers = viewer. Quote a group name that contains ';', '=' or ','."
        ) { settings, value, _ throws(ConfigurationError) in
            settings.groupToRoleMapping = value
        },
        pam(
            "DEFAULT_ROLE",
            valueName: "ROLE",
            help: "Role of a user in no mapped group: admin, editor, viewer or none (default none, which may log in "
                + "and read nothing)."
        ) { settings, value, variable throws(ConfigurationError) in
            guard Role.named(value) != nil else {
                throw .init("\(variable) '\(value)' is not a role; use admin, editor, viewer or none.")
            }
            settings.defaultRole = value
        },
        pam(
            "REQUIRED_GROUP",
            valueName: "GROUP",
            help: "Unix group a user must belong to in order to log in at all (default: none)."
        ) { settings, value, variable throws(ConfigurationError) in
            guard !trimmed(Substring(value)).isEmpty else {
                throw .init("\(variable) is empty; give a Unix group name or unset it.")
            }
            // Trimmed like the group names of the mapping.
            settings.requiredGroup = String(trimmed(Substring(value)))
        },
        pam(
            "TIMEOUT",
            valueName: "DURATION",
            help: "Time a login waits for the PAM stack, from 1s to 300s; a login that takes longer fails with "
                + "AuthProviderTimeout (default 10s)."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.timeoutSeconds = try duration(value, variable: variable, allowZero: false, maximum: 300)
        },
        pam(
            "MAX_CONCURRENT",
            valueName: "COUNT",
            help: "Threads that run PAM calls, which is the number of logins checked at once, from 1 to 64 "
                + "(default 4)."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.maximumConcurrent = try count(value, variable: variable, range: 1...64)
        },
    ]

    /// Makes the setting `NORNICDB_PAM_<suffix>` with the flag `--pam-<suffix>`.
    private static func pam(
        _ suffix: String,
        valueName: String,
        help: String,
        apply: @escaping @Sendable (inout PAMSettings, String, String) throws(ConfigurationError) -> Void
    ) -> Setting {
        let variable = "NORNICDB_PAM_\(suffix)"
        let flag = "--pam-" + String(suffix.lowercased().map { $0 == "_" ? "-" : $0 })
        return Setting(variable: variable, flag: flag, valueName: valueName, help: help) {
            config,
            value throws(ConfigurationError) in
            try apply(&config.pam, value, variable)
            config.pam.givenBy.append(variable)
        }
    }

    /// Checks a PAM service name. Linux-PAM opens `/etc/pam.d/<service>`, so the name must be
    /// a plain file name.
    static func service(_ value: String, variable: String) throws(ConfigurationError) -> String {
        let allowed = value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard !value.isEmpty, value.utf8.count <= 255, allowed, !value.hasPrefix(".") else {
            throw .init(
                "\(variable) '\(value)' is not a PAM service name; use a file name in /etc/pam.d made of letters, "
                    + "digits, '.', '_' and '-', not starting with '.', such as nornicdb."
            )
        }
        return value
    }

    /// Rules between the PAM settings and the provider chain: PAM settings need `pam` in
    /// `NORNICDB_AUTH_PROVIDERS`.
    static func validatePAM(_ config: Configuration) throws(ConfigurationError) {
        guard !config.authProviders.contains("pam"), let first = config.pam.givenBy.first else { return }
        throw .init(
            "\(first) is set, but NORNICDB_AUTH_PROVIDERS (\(config.authProviders.joined(separator: ","))) does not "
                + "include pam, so it would have no effect; add pam to NORNICDB_AUTH_PROVIDERS or unset the "
                + "NORNICDB_PAM_* settings."
        )
    }
}
