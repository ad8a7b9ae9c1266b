import Host

/// Text of `nornicdb --help` and `nornicdb serve --help`; the other commands keep their help
/// beside their code.
enum Help {
    static let overview = """
        nornicdb: a graph database server that speaks Neo4j's Bolt protocol.

        Usage:
          nornicdb serve [options]                 Run the server in the foreground until SIGINT or SIGTERM.
          nornicdb token cluster [options]         Sign a bearer token for a cluster node.
          nornicdb service-account <command> ...   Create, list, rotate or delete service accounts.
          nornicdb --version                       Print the version.
          nornicdb --help                          Print this text.

        The token and service-account commands work offline on a stopped server's data directory,
        or with --server URL and an admin token on a running server.

        Run `nornicdb <command> --help` for a command's options.
        """

    static var serve: String {
        var lines = [
            "Usage: nornicdb serve [options]",
            "",
            "Runs the server in the foreground and stops cleanly on SIGINT or SIGTERM: open",
            "transactions roll back and files are closed. Each option can also be set by the",
            "environment variable shown with it; an option on the command line wins.",
            "",
        ]
        for setting in ConfigurationLoader.settings {
            lines.append("  \(setting.flag) \(setting.valueName)")
            lines.append("      \(setting.variable): \(setting.help)")
        }
        lines.append("")
        lines.append("Options that take a secret (--auth, --jwt-secret, --jwt-previous-secrets) are visible")
        lines.append("to other local users in the process list; prefer their _FILE forms, which read the")
        lines.append("secret from a file, or the environment variables.")
        return lines.joined(separator: "\n")
    }
}
