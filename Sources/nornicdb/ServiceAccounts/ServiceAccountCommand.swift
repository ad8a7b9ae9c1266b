/// `nornicdb service-account`: create, list, rotate and delete the accounts that programs and
/// cluster nodes log in with.
enum ServiceAccountCommand {
    static let help = """
        Usage: nornicdb service-account <command> [options]

        Service accounts log in like users, over Bolt or HTTP with basic authentication, the id as
        user name and the secret as password. They have one role and never a required password
        change. Each command works offline on a stopped server's data directory (the default) or,
        with --server and an admin token, on a running server.

        Commands:
          create   Create a service account; the secret is read from a file or standard input.
          list     List the service accounts as a table, or as JSON with --json.
          rotate   Replace a service account's secret with a generated one and print it once.
          delete   Delete a service account.

        Run `nornicdb service-account <command> --help` for a command's options.
        """

    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        guard let subcommand = arguments.first else {
            Console.message(help)
            return ExitStatus.usage
        }
        let rest = Array(arguments.dropFirst())
        let command: ServiceAccountSubcommand
        switch subcommand {
        case "create": command = .create
        case "list": command = .list
        case "rotate": command = .rotate
        case "delete": command = .delete
        case "--help", "-h", "help":
            Console.output(help)
            return ExitStatus.success
        default:
            return Console.report(
                UsageError(
                    "Unknown service-account command '\(subcommand)'; use create, list, rotate or delete.",
                    command: "service-account"
                )
            )
        }
        if ArgumentParser.requestsHelp(rest) {
            Console.output(command.description.help)
            return ExitStatus.success
        }
        do {
            try await command.run(rest, environment: environment)
            return ExitStatus.success
        } catch {
            return Console.report(error)
        }
    }
}
