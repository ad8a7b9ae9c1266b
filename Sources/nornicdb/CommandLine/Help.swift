import Host

/// Text of `nornicdb --help` and `nornicdb serve --help`.
enum Help {
    static let overview = """
        nornicdb: a graph database server that speaks Neo4j's Bolt protocol.

        Usage:
          nornicdb serve [options]   Run the server in the foreground until SIGINT or SIGTERM.
          nornicdb --version         Print the version.
          nornicdb --help            Print this text.

        Run `nornicdb serve --help` for the server's options.
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
        lines.append("Options that take a secret (--auth, --jwt-secret) are visible to other local users")
        lines.append("in the process list; prefer the environment variables for them.")
        return lines.joined(separator: "\n")
    }
}
