import Host

/// One of `service-account create`, `list`, `rotate` and `delete`: its options and its run.
enum ServiceAccountSubcommand {
    case create, list, rotate, delete

    /// The settings an offline run reads from the environment; none of these commands signs.
    static let offlineVariables = Set(["NORNICDB_DATA_DIR"]).union(SecurityLogSetup.offlineVariables)

    private static let modeOptions = [
        AdministrationTarget.dataDirectoryOption,
        AdministrationTarget.serverOption,
        AdministrationTarget.tokenFileOption,
        OptionSpecification("--help", help: "Print this text."),
    ]
    private static let idOption = OptionSpecification(
        "--id",
        value: "ID",
        help: "The service account's id, its user name at login: 1 to 128 letters, digits, '_', '-', '.' or '@'."
    )

    var description: CommandDescription {
        switch self {
        case .create:
            CommandDescription(
                name: "service-account create",
                synopsis: "--id ID --role ROLE [--secret-file PATH] [options]",
                summary: [
                    "Creates a service account with the built-in role ROLE (\(ClusterTokenCommand.roleNames)). "
                        + "Its secret, at least \(AccountManager.minimumPasswordLength) characters on one line, "
                        + "is read from --secret-file or else from standard input; a terminal is asked for it "
                        + "without echo. The secret is never taken as an option value, which the process list "
                        + "would show to other local users."
                ],
                options: [
                    Self.idOption,
                    OptionSpecification("--role", value: "ROLE", help: "The account's role."),
                    OptionSpecification(
                        "--secret-file",
                        value: "PATH",
                        help: "A file that contains the secret on one line; one trailing newline is ignored."
                    ),
                ] + Self.modeOptions
            )
        case .list:
            CommandDescription(
                name: "service-account list",
                synopsis: "[--json] [options]",
                summary: ["Prints the service accounts, without users, as a table or as a JSON array."],
                options: [OptionSpecification("--json", help: "Print a JSON array instead of a table.")]
                    + Self.modeOptions
            )
        case .rotate:
            CommandDescription(
                name: "service-account rotate",
                synopsis: "--id ID [options]",
                summary: [
                    "Replaces the account's secret with a generated one of 256 random bits and prints it once "
                        + "on standard output. The old secret and the login tokens issued with it stop working."
                ],
                options: [Self.idOption] + Self.modeOptions
            )
        case .delete:
            CommandDescription(
                name: "service-account delete",
                synopsis: "--id ID [options]",
                summary: ["Deletes the service account; its login tokens stop working. Users are never deleted."],
                options: [Self.idOption] + Self.modeOptions
            )
        }
    }

    /// The command's action, completing "Cannot ..." when a running server has the lock.
    private var purpose: String {
        switch self {
        case .create: "create a service account"
        case .list: "list the service accounts"
        case .rotate: "rotate a service account's secret"
        case .delete: "delete a service account"
        }
    }

    func run(_ arguments: [String], environment: [String: String]) async throws {
        let parsed = try description.parse(arguments)
        let id = self == .list ? "" : try parsed.requiredValue("--id")
        let role = self == .create ? try parsed.requiredValue("--role") : ""
        let target = try AdministrationTarget.resolve(
            parsed,
            environment: environment,
            offlineVariables: Self.offlineVariables,
            offlineFlags: ["--data-dir"]
        )
        // The secret is read after every option is checked, so a typing error is reported
        // before the prompt, and before the data directory is locked or the server is called.
        let secret = self == .create ? try Self.readSecret(parsed, id: id) : Secret("")
        try await using(target) { store in
            switch self {
            case .create:
                let account = try await store.create(id: id, role: role, secret: secret)
                Console.message("Created service account '\(account.id)' with role '\(role)'.")
            case .list:
                let accounts = try await store.list()
                if parsed.contains("--json") {
                    Console.output(ServiceAccountListing.json(accounts))
                } else if accounts.isEmpty {
                    Console.message("No service accounts exist.")
                } else {
                    Console.output(ServiceAccountListing.table(accounts))
                }
            case .rotate:
                let newSecret = try await store.rotateSecret(id: id)
                // The one deliberate output of a secret: it is shown here once and stored
                // nowhere but as a hash.
                Console.output(newSecret.reveal())
                Console.message("Rotated the secret of service account '\(id)'; the old secret no longer works.")
            case .delete:
                try await store.delete(id: id)
                Console.message("Deleted service account '\(id)'.")
            }
        }
    }

    /// Reads the secret of `create` from `--secret-file`, or else from standard input.
    private static func readSecret(_ parsed: ParsedArguments, id: String) throws(CommandFailure) -> Secret {
        let what = "the service account's secret"
        if let path = parsed.value("--secret-file") {
            return try SecretInput.read(file: path, what: what)
        }
        return try SecretInput.readStandardInput(prompt: "Secret for service account '\(id)': ", what: what)
    }

    /// Opens the store of `target` for the time of `body`: offline, the data directory is
    /// locked and open only while `body` runs.
    private func using(
        _ target: AdministrationTarget,
        _ body: (any ServiceAccountStore) async throws -> Void
    ) async throws {
        switch target {
        case .offline(let configuration):
            // Only create may start a new data directory; the others need existing accounts.
            let mayCreate = self == .create
            try await OfflineDataDirectory.use(configuration, purpose: purpose, createIfMissing: mayCreate) {
                directory in
                let audit = try SecurityLogSetup.openForCommand(configuration, logger: directory.logger)
                defer { audit.close() }
                try await body(OfflineServiceAccounts(accounts: try await directory.accountManager(), audit: audit))
            }
        case .online(let client):
            try await body(OnlineServiceAccounts(client: client))
        }
    }
}
