/// Reads a ``Configuration`` from environment variables and command-line flags.
public struct ConfigurationLoader: Sendable {
    /// One setting: its variable, its flag, what it sets and how to parse it.
    public struct Setting: Sendable {
        public let variable: String
        public let flag: String
        public let valueName: String
        public let help: String
        let apply: @Sendable (inout Configuration, String) throws(ConfigurationError) -> Void
    }

    public static let settings: [Setting] = [
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
            help: "TCP port reserved for the HTTP API (default 7474); no HTTP listener runs yet."
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
                + "authentication off. Unset: a random admin password is generated and logged once."
        ) { config, value throws(ConfigurationError) in
            config.initialAuth = try initialAuth(value)
        },
        Setting(
            variable: "NORNICDB_JWT_SECRET",
            flag: "--jwt-secret",
            valueName: "SECRET",
            help: "HMAC secret for JWTs, at least 32 bytes. Unset: one is generated and kept in the data directory."
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

    public init() {}

    /// Builds the configuration: defaults, then environment, then flags.
    ///
    /// Flags take the form `--flag value` or `--flag=value`; boolean flags given alone mean true.
    /// A flag replaces the variable of the same setting before either is parsed, so an invalid
    /// variable that a flag overrides does not stop start-up.
    public func load(environment: [String: String], arguments: [String]) throws(ConfigurationError) -> Configuration {
        var chosen: [String: (value: String, fromFlag: Bool)] = [:]
        for setting in Self.settings {
            if let value = environment[setting.variable] { chosen[setting.variable] = (value, false) }
        }
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let (name, inlineValue) = Self.split(arguments[index])
            guard let setting = Self.settings.first(where: { $0.flag == name }) else {
                throw .init("Unknown option '\(name)'; run `nornicdb serve --help` for the list of options.")
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if setting.valueName == "BOOL",
                index + 1 == arguments.endIndex || arguments[index + 1].hasPrefix("--")
            {
                value = "true"
            } else {
                index += 1
                guard index < arguments.endIndex else {
                    throw .init("Option \(setting.flag) needs a value (\(setting.valueName)).")
                }
                value = arguments[index]
            }
            chosen[setting.variable] = (value, true)
            index += 1
        }
        var config = Configuration()
        for setting in Self.settings {
            guard let (value, fromFlag) = chosen[setting.variable] else { continue }
            do {
                try setting.apply(&config, value)
            } catch {
                throw fromFlag ? ConfigurationError("Option \(setting.flag): \(error.message)") : error
            }
        }
        try Self.validate(config)
        return config
    }

    /// Returns the `NORNICDB_*` variables in `environment` that name no setting, such as misspellings.
    public static func unknownVariables(in environment: [String: String]) -> [String] {
        let known = Set(settings.map(\.variable))
        return environment.keys.filter { $0.hasPrefix("NORNICDB_") && !known.contains($0) }.sorted()
    }

    /// Checks rules that involve several settings.
    static func validate(_ config: Configuration) throws(ConfigurationError) {
        if config.initialAuth == .disabled, !SocketAddressSyntax.isLoopback(config.address) {
            throw .init(
                "NORNICDB_AUTH=none turns authentication off, which is allowed only when NORNICDB_ADDRESS is a "
                    + "loopback address such as 127.0.0.1 or ::1, not '\(config.address)'; set an admin with "
                    + "NORNICDB_AUTH=user:password instead."
            )
        }
        if config.httpPort == config.boltPort {
            throw .init(
                "NORNICDB_HTTP_PORT and NORNICDB_BOLT_PORT are both \(config.boltPort); give the two listeners "
                    + "different ports."
            )
        }
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

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
}
