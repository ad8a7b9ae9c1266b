extension ConfigurationLoader {
    /// Every setting, in the order `nornicdb serve --help` lists them.
    public static let settings: [Setting] =
        coreSettings + providerSettings + ldapSettings + pamSettings
        + securitySettings + tlsSettings + limitSettings + testProcedureSettings + storageSettings + clusterSettings

    static let coreSettings: [Setting] = [
        Setting(
            variable: "NORNICDB_DATA_DIR",
            flag: "--data-dir",
            valueName: "PATH",
            help: "Directory for databases, accounts and the generated JWT secret (default ./data)."
        ) { config, value throws(ConfigurationError) in
            guard !value.isEmpty else { throw .init("NORNICDB_DATA_DIR is empty; give a directory path.") }
            config.dataDirectory = value
        },
        Setting(
            variable: "NORNICDB_ADDRESS",
            flag: "--address",
            valueName: "IP",
            help: "IPv4 or IPv6 address that every listener binds to (default 127.0.0.1)."
        ) { config, value throws(ConfigurationError) in
            guard SocketAddressSyntax.isNumericAddress(value) else {
                throw .init(
                    "NORNICDB_ADDRESS '\(value)' is not a numeric IP address; use a form like 127.0.0.1, 0.0.0.0 or ::1."
                )
            }
            config.address = value
        },
        Setting(
            variable: "NORNICDB_BOLT_PORT",
            flag: "--bolt-port",
            valueName: "PORT",
            help: "TCP port of the Bolt listener (default 7687)."
        ) { config, value throws(ConfigurationError) in
            config.boltPort = try port(value, variable: "NORNICDB_BOLT_PORT")
        },
        Setting(
            variable: "NORNICDB_HTTP_PORT",
            flag: "--http-port",
            valueName: "PORT",
            help: "TCP port of the HTTP API (default 7474)."
        ) { config, value throws(ConfigurationError) in
            config.httpPort = try port(value, variable: "NORNICDB_HTTP_PORT")
        },
        Setting(
            variable: "NORNICDB_DEFAULT_DATABASE",
            flag: "--default-database",
            valueName: "NAME",
            help: "Name of the home database that clients get when they name none (default nornic)."
        ) { config, value throws(ConfigurationError) in
            guard isDatabaseName(value), value != "system" else {
                throw .init(
                    "NORNICDB_DEFAULT_DATABASE '\(value)' is invalid; use 1 to 63 lower-case letters, digits, '-' "
                        + "or '.', starting with a letter, other than 'system'."
                )
            }
            config.defaultDatabase = value
        },
        Setting(
            variable: "NORNICDB_AUTH",
            flag: "--auth",
            valueName: "USER:PASSWORD|none",
            help: "Admin created on first start as user:password or user/password, or none to turn "
                + "authentication off. Unset: a random admin password is generated and logged once.",
            hasFileForm: true
        ) { config, value throws(ConfigurationError) in
            config.initialAuth = try initialAuth(value)
        },
        Setting(
            variable: "NORNICDB_JWT_SECRET",
            flag: "--jwt-secret",
            valueName: "SECRET",
            help: "HMAC secret for JWTs, at least 32 bytes. Unset: one is generated and kept in the data directory.",
            hasFileForm: true
        ) { config, value throws(ConfigurationError) in
            guard value.utf8.count >= 32 else {
                throw .init(
                    "NORNICDB_JWT_SECRET is too short (\(value.utf8.count) bytes); use at least 32 random bytes, "
                        + "for example the output of `openssl rand -base64 48`."
                )
            }
            config.jwtSecret = Secret(value)
        },
        Setting(
            variable: "NORNICDB_JWT_PREVIOUS_SECRETS",
            flag: "--jwt-previous-secrets",
            valueName: "SECRET,...",
            help: "Comma-separated earlier JWT secrets, each at least 32 bytes, that still verify tokens but sign "
                + "none; keep the old secret here after changing NORNICDB_JWT_SECRET until its tokens expire. "
                + "Spaces around the commas are ignored (default none).",
            hasFileForm: true
        ) { config, value throws(ConfigurationError) in
            config.jwtPreviousSecrets = try previousSecrets(value)
        },
        Setting(
            variable: "NORNICDB_AUTH_TOKEN_EXPIRY",
            flag: "--auth-token-expiry",
            valueName: "DURATION",
            help: "Lifetime of the login tokens that the HTTP API issues, such as 90s, 30m, 24h, 7d or 1h30m; "
                + "a bare number is seconds, and the maximum is 366d (default 24h)."
        ) { config, value throws(ConfigurationError) in
            guard let seconds = DurationSyntax.seconds(value), seconds > 0, seconds <= 366 * 86_400 else {
                throw .init(
                    "NORNICDB_AUTH_TOKEN_EXPIRY '\(value)' is invalid; use a positive duration of at most 366d, "
                        + "such as 90s, 30m, 24h, 7d or 1h30m."
                )
            }
            config.tokenLifetimeSeconds = seconds
        },
        Setting(
            variable: "NORNICDB_BOLT_REQUIRE_AUTH",
            flag: "--bolt-require-auth",
            valueName: "BOOL",
            help: "When false, Bolt connections without credentials act as the anonymous viewer (default true)."
        ) { config, value throws(ConfigurationError) in
            config.boltRequireAuth = try boolean(value, variable: "NORNICDB_BOLT_REQUIRE_AUTH")
        },
        Setting(
            variable: "NORNICDB_BOLT_ALLOW_ANONYMOUS",
            flag: "--bolt-allow-anonymous",
            valueName: "BOOL",
            help: "When true, Bolt connections without credentials act as the anonymous viewer (default false)."
        ) { config, value throws(ConfigurationError) in
            config.boltAllowAnonymous = try boolean(value, variable: "NORNICDB_BOLT_ALLOW_ANONYMOUS")
        },
        Setting(
            variable: "NORNICDB_TRANSACTION_TIMEOUT",
            flag: "--transaction-timeout",
            valueName: "SECONDS",
            help: "Maximum time a transaction may run before it is terminated, unless the client requests "
                + "less; 0 turns the limit off (default 300)."
        ) { config, value throws(ConfigurationError) in
            guard let seconds = Int64(value), seconds >= 0, seconds <= 31_536_000 else {
                throw .init(
                    "NORNICDB_TRANSACTION_TIMEOUT '\(value)' is invalid; use a whole number of seconds from 0 "
                        + "(no limit) to 31536000."
                )
            }
            config.transactionTimeoutSeconds = seconds
        },
        Setting(
            variable: "NORNICDB_HTTP_TRANSACTION_IDLE_TIMEOUT",
            flag: "--http-transaction-idle-timeout",
            valueName: "SECONDS",
            help: "Time an open HTTP API transaction may stay idle between requests before it is rolled back, "
                + "from 1 to 86400 (default 30)."
        ) { config, value throws(ConfigurationError) in
            guard let seconds = Int64(value), seconds >= 1, seconds <= 86_400 else {
                throw .init(
                    "NORNICDB_HTTP_TRANSACTION_IDLE_TIMEOUT '\(value)' is invalid; use a whole number of seconds "
                        + "from 1 to 86400."
                )
            }
            config.httpTransactionIdleTimeoutSeconds = seconds
        },
        Setting(
            variable: "NORNICDB_HTTP_MAX_REQUEST_SIZE",
            flag: "--http-max-request-size",
            valueName: "BYTES",
            help: "Maximum size of an HTTP API request body, from 1024 to 1073741824 (default 10485760, 10 MiB)."
        ) { config, value throws(ConfigurationError) in
            guard let bytes = Int(value), bytes >= 1024, bytes <= 1_073_741_824 else {
                throw .init(
                    "NORNICDB_HTTP_MAX_REQUEST_SIZE '\(value)' is invalid; use a whole number of bytes from 1024 "
                        + "to 1073741824."
                )
            }
            config.httpMaximumRequestBytes = bytes
        },
        Setting(
            variable: "NORNICDB_LOG_LEVEL",
            flag: "--log-level",
            valueName: "LEVEL",
            help: "Lowest level logged: trace, debug, info, warning or error (default info)."
        ) { config, value throws(ConfigurationError) in
            guard let level = Logger.Level(name: value) else {
                throw .init("NORNICDB_LOG_LEVEL '\(value)' is invalid; use trace, debug, info, warning or error.")
            }
            config.logLevel = level
        },
        Setting(
            variable: "NORNICDB_AUTH_DEBUG",
            flag: "--auth-debug",
            valueName: "BOOL",
            help:
                "When true, log every authentication decision, never with its secrets, even above debug level (default false)."
        ) { config, value throws(ConfigurationError) in
            config.authDebug = try boolean(value, variable: "NORNICDB_AUTH_DEBUG")
        },
    ]
}
