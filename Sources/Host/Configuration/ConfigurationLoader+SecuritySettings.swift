/// The failed-login limits and the security log settings.
extension ConfigurationLoader {
    static let securitySettings: [Setting] = [
        Setting(
            variable: "NORNICDB_MAX_FAILED_LOGINS",
            flag: "--max-failed-logins",
            valueName: "COUNT",
            help: "Consecutive failed logins after which a user is locked for NORNICDB_LOCKOUT_DURATION, from 0 "
                + "to 1000; 0 turns the lock off (default 3)."
        ) { config, value throws(ConfigurationError) in
            config.loginLimits.maximumFailedAttempts = try count(
                value,
                variable: "NORNICDB_MAX_FAILED_LOGINS",
                range: 0...1000
            )
        },
        Setting(
            variable: "NORNICDB_LOCKOUT_DURATION",
            flag: "--lockout-duration",
            valueName: "DURATION",
            help: "How long a locked user is rejected, even with the right password, from 1s to 24h (default 5s)."
        ) { config, value throws(ConfigurationError) in
            config.loginLimits.lockoutSeconds = try duration(
                value,
                variable: "NORNICDB_LOCKOUT_DURATION",
                allowZero: false,
                maximum: 86_400
            )
        },
        Setting(
            variable: "NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS",
            flag: "--max-failed-logins-per-address",
            valueName: "COUNT",
            help: "Failed logins one client address may make per minute, whatever the user names, from 0 to "
                + "100000; 0 turns the limit off (default 60)."
        ) { config, value throws(ConfigurationError) in
            config.loginLimits.maximumFailuresPerAddressPerMinute = try count(
                value,
                variable: "NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS",
                range: 0...100_000
            )
        },
        Setting(
            variable: "NORNICDB_AUDIT_ENABLED",
            flag: "--audit-enabled",
            valueName: "BOOL",
            help: "Keep the security log of logins, lockouts, denials and account, role and token changes "
                + "(default true)."
        ) { config, value throws(ConfigurationError) in
            config.auditEnabled = try boolean(value, variable: "NORNICDB_AUDIT_ENABLED")
        },
        Setting(
            variable: "NORNICDB_AUDIT_LOG_PATH",
            flag: "--audit-log-path",
            valueName: "PATH",
            help: "File the security log is appended to as JSON lines, created with mode 0600 (default: the main "
                + "log)."
        ) { config, value throws(ConfigurationError) in
            guard !value.isEmpty else {
                throw .init("NORNICDB_AUDIT_LOG_PATH is empty; give a file path or unset it.")
            }
            config.auditLogPath = value
        },
    ]
}
