/// `nornicdb token`: the group of token commands; `cluster` is its only member so far.
enum TokenCommand {
    static let help = """
        Usage: nornicdb token <command> [options]

        Commands:
          cluster   Sign a bearer token for another node of a cluster, which presents it over
                    Bolt with the bearer scheme, or basic with an empty user name.

        Run `nornicdb token cluster --help` for the options of cluster.
        """

    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        guard let subcommand = arguments.first else {
            Console.message(help)
            return ExitStatus.usage
        }
        let rest = Array(arguments.dropFirst())
        switch subcommand {
        case "cluster":
            return await ClusterTokenCommand.run(arguments: rest, environment: environment)
        case "--help", "-h", "help":
            Console.output(help)
            return ExitStatus.success
        default:
            return Console.report(
                UsageError("Unknown token command '\(subcommand)'; the only one is cluster.", command: "token")
            )
        }
    }
}
