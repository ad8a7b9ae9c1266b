import Host

/// The target of an administration command: the data directory of a stopped server (offline,
/// the default), or a running server's HTTP API (online, with `--server`).
enum AdministrationTarget {
    /// The configuration read as `serve` reads it, restricted to the settings the command uses.
    case offline(Configuration)
    case online(ManagementClient)

    /// The environment variable that contains the admin token in online mode.
    static let tokenVariable = "NORNICDB_ADMIN_TOKEN"

    static let dataDirectoryOption = OptionSpecification(
        "--data-dir",
        value: "PATH",
        help: "Offline: the stopped server's data directory (NORNICDB_DATA_DIR, default ./data)."
    )
    static let jwtSecretFileOption = OptionSpecification(
        "--jwt-secret-file",
        value: "PATH",
        help: "Offline: a file that contains the JWT secret (NORNICDB_JWT_SECRET_FILE). Without it and "
            + "NORNICDB_JWT_SECRET, the secret kept in the data directory signs the token, as in `serve`."
    )
    static let serverOption = OptionSpecification(
        "--server",
        value: "URL",
        help: "Online: act on the running server whose HTTP API is at URL, for example http://127.0.0.1:7474, "
            + "instead of on a data directory."
    )
    static let tokenFileOption = OptionSpecification(
        "--token-file",
        value: "PATH",
        help: "Online: a file that contains an admin bearer token, as POST /api/v1/auth/token returns it. "
            + "Without it, the token is read from \(tokenVariable)."
    )

    /// Picks the mode from the options and reads what it needs.
    ///
    /// - Parameters:
    ///   - offlineVariables: the setting variables, with their `_FILE` forms, that the offline
    ///     command reads from the environment. Other settings are ignored, so an invalid value
    ///     that the command never uses cannot stop it.
    ///   - offlineFlags: the options forwarded to the configuration loader, which have the
    ///     names of `serve`'s flags.
    /// - Throws: ``UsageError`` for options of both modes or a missing token, ``CommandFailure``
    ///   or `ConfigurationError` for a token file or setting that cannot be used.
    static func resolve(
        _ arguments: ParsedArguments,
        environment: [String: String],
        offlineVariables: Set<String>,
        offlineFlags: [String]
    ) throws -> AdministrationTarget {
        guard let server = arguments.value(serverOption.name) else {
            if arguments.contains(tokenFileOption.name) {
                throw UsageError("The option --token-file applies only with --server.", command: arguments.command)
            }
            return .offline(try offlineConfiguration(arguments, environment, offlineVariables, offlineFlags))
        }
        if let offline = offlineFlags.first(where: arguments.contains) {
            throw UsageError(
                "The option \(offline) applies only offline, without --server; the server uses its own settings.",
                command: arguments.command
            )
        }
        let address = try ServerAddress(server, command: arguments.command)
        let token = try adminToken(arguments, environment: environment)
        if !address.isEncrypted, !address.isLoopback {
            Console.message(
                "nornicdb: warning: the admin token is sent unencrypted to \(address); use an https:// address "
                    + "when the server is on another host."
            )
        }
        return .online(ManagementClient(server: address, token: token))
    }

    private static func offlineConfiguration(
        _ arguments: ParsedArguments,
        _ environment: [String: String],
        _ variables: Set<String>,
        _ flags: [String]
    ) throws -> Configuration {
        let relevant = environment.filter { variables.contains($0.key) }
        var forwarded: [String] = []
        for flag in flags {
            if let value = arguments.value(flag) { forwarded += [flag, value] }
        }
        return try ConfigurationLoader().load(environment: relevant, arguments: forwarded)
    }

    private static func adminToken(_ arguments: ParsedArguments, environment: [String: String]) throws -> Secret {
        let variable = environment[tokenVariable]
        if let path = arguments.value(tokenFileOption.name) {
            guard variable == nil else {
                throw UsageError(
                    "Both --token-file and \(tokenVariable) are set; give the admin token in only one of them.",
                    command: arguments.command
                )
            }
            return try SecretInput.read(file: path, what: "the admin token")
        }
        guard let variable else {
            throw UsageError(
                "Online mode needs an admin bearer token: set \(tokenVariable) or give --token-file PATH. "
                    + "POST /api/v1/auth/token with an admin's user name and password returns one.",
                command: arguments.command
            )
        }
        return try SecretInput.oneLine(variable, what: "the admin token", origin: tokenVariable)
    }
}
