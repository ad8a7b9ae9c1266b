/// The settings that bound what one client may hold; see ``LimitSettings``.
extension ConfigurationLoader {
    static let limitSettings: [Setting] = [
        limit(
            "NORNICDB_MAX_CONNECTIONS",
            valueName: "COUNT",
            help: "Most Bolt connections open at once, from 1 to 100000; one more is refused with "
                + "NoThreadsAvailable (default 1000)."
        ) { limits, value, variable throws(ConfigurationError) in
            limits.maximumConnections = try count(value, variable: variable, range: 1...100_000)
        },
        limit(
            "NORNICDB_BOLT_LOGIN_TIMEOUT",
            valueName: "DURATION",
            help: "Time a Bolt client has from connecting to its first successful login, handshake included, "
                + "from 1s to 3600s (default 30s)."
        ) { limits, value, variable throws(ConfigurationError) in
            limits.loginTimeoutSeconds = try duration(value, variable: variable, allowZero: false, maximum: 3600)
        },
        limit(
            "NORNICDB_BOLT_IDLE_TIMEOUT",
            valueName: "DURATION",
            help: "Time a Bolt connection may go without sending a whole request before it is closed, up to 7d; "
                + "0 turns the limit off (default 30m)."
        ) { limits, value, variable throws(ConfigurationError) in
            limits.idleTimeoutSeconds = try duration(value, variable: variable, allowZero: true, maximum: 604_800)
        },
        limit(
            "NORNICDB_BOLT_WRITE_TIMEOUT",
            valueName: "DURATION",
            help: "Time a Bolt reply may wait for the client to read any of it before the connection is closed, "
                + "from 1s to 3600s (default 60s)."
        ) { limits, value, variable throws(ConfigurationError) in
            limits.writeTimeoutSeconds = try duration(value, variable: variable, allowZero: false, maximum: 3600)
        },
        limit(
            "NORNICDB_BOLT_MAX_MESSAGE_SIZE",
            valueName: "BYTES",
            help: "Largest Bolt message in bytes, from 65536 to 268435456; a larger one fails with InvalidFormat "
                + "and closes the connection (default 16777216)."
        ) { limits, value, variable throws(ConfigurationError) in
            limits.maximumMessageBytes = try count(value, variable: variable, range: 65_536...268_435_456)
        },
        limit(
            "NORNICDB_BOLT_MAX_TRANSACTIONS_PER_USER",
            valueName: "COUNT",
            help: "Most Bolt transactions one user keeps open at once, from 1 to 96; one more fails with "
                + "ResourceExhaustion (default 32)."
        ) { limits, value, variable throws(ConfigurationError) in
            limits.maximumTransactionsPerUser = try count(
                value,
                variable: variable,
                range: 1...LimitSettings.maximumTransactionsAllowed
            )
        },
        limit(
            "NORNICDB_BOLT_MAX_TRANSACTIONS",
            valueName: "COUNT",
            help: "Most Bolt transactions open at once on the server, from 1 to 96, so that HTTP transactions and "
                + "auto-commit statements always find a store connection; one more fails with ResourceExhaustion "
                + "(default 96)."
        ) { limits, value, variable throws(ConfigurationError) in
            limits.maximumTransactions = try count(
                value,
                variable: variable,
                range: 1...LimitSettings.maximumTransactionsAllowed
            )
        },
    ]

    /// Makes the setting `variable` with the flag named after it, without `NORNICDB_`.
    private static func limit(
        _ variable: String,
        valueName: String,
        help: String,
        apply: @escaping @Sendable (inout LimitSettings, String, String) throws(ConfigurationError) -> Void
    ) -> Setting {
        let suffix = variable.dropFirst("NORNICDB_".count)
        let flag = "--" + String(suffix.lowercased().map { $0 == "_" ? "-" : $0 })
        return Setting(variable: variable, flag: flag, valueName: valueName, help: help) {
            config,
            value throws(ConfigurationError) in
            try apply(&config.limits, value, variable)
        }
    }
}
