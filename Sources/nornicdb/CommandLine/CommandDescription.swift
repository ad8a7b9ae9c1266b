/// A subcommand's name, usage line, description and options, from which its `--help` text
/// and its argument parsing both come, so the two cannot disagree.
struct CommandDescription: Sendable {
    /// The words after `nornicdb`, for example `service-account create`.
    let name: String
    /// The options shown in the usage line, for example `--id ID --role ROLE [options]`.
    let synopsis: String
    /// Paragraphs that describe the command's action and output.
    let summary: [String]
    let options: [OptionSpecification]

    /// The text of `nornicdb <name> --help`.
    var help: String {
        var lines = ["Usage: nornicdb \(name) \(synopsis)", ""]
        for paragraph in summary {
            lines.append(contentsOf: Self.wrap(paragraph, indent: ""))
            lines.append("")
        }
        lines.append("Options:")
        for option in options {
            lines.append("  " + [option.name, option.valueName].compactMap(\.self).joined(separator: " "))
            lines.append(contentsOf: Self.wrap(option.help, indent: "      "))
        }
        return lines.joined(separator: "\n")
    }

    /// Parses `arguments` against ``options``.
    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        try ArgumentParser.parse(arguments, options: options, command: name)
    }

    /// The width help text is wrapped to, in characters, so it fits an 80-column terminal.
    static let width = 80

    /// Splits `text` into lines of at most ``width`` characters at spaces, each after `indent`.
    static func wrap(_ text: String, indent: String) -> [String] {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        if line.count > indent.count { lines.append(line) }
        return lines
    }
}
