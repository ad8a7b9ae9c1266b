/// One option of a command: `--name VALUE`, or `--name` alone for a flag.
struct OptionSpecification: Sendable {
    /// The option with its leading dashes, for example `--role`.
    let name: String
    /// The placeholder shown in help, for example `ROLE`; nil for a flag that takes no value.
    let valueName: String?
    /// The help text: the setting the option changes, in one or two sentences.
    let help: String

    init(_ name: String, value valueName: String? = nil, help: String) {
        self.name = name
        self.valueName = valueName
        self.help = help
    }

    var takesValue: Bool { valueName != nil }
}

/// The options given on one command line, checked against the command's specifications.
struct ParsedArguments: Sendable {
    /// The command the arguments belong to, for messages, for example `token cluster`.
    let command: String
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []

    init(command: String) { self.command = command }

    /// Returns the value of option `name`, or nil when it was not given.
    func value(_ name: String) -> String? { values[name] }

    /// True when the flag or option `name` was given.
    func contains(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }

    /// Returns the value of option `name`.
    ///
    /// - Throws: ``UsageError`` when the option is missing.
    func requiredValue(_ name: String) throws(UsageError) -> String {
        guard let value = values[name] else {
            throw UsageError("The option \(name) is required.", command: command)
        }
        return value
    }

    fileprivate mutating func record(_ specification: OptionSpecification, value: String?) throws(UsageError) {
        guard !contains(specification.name) else {
            throw UsageError("The option \(specification.name) is given more than once.", command: command)
        }
        if let value {
            values[specification.name] = value
        } else {
            flags.insert(specification.name)
        }
    }
}

/// A hand-written parser for the options of the administration commands.
///
/// It accepts `--name value` and `--name=value` for options with a value, and `--name` alone
/// for flags. Positional arguments, unknown options, repeated options and missing values are
/// usage errors, so a mistyped command never runs with a setting silently ignored.
enum ArgumentParser {
    static func parse(
        _ arguments: [String],
        options: [OptionSpecification],
        command: String
    ) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(command: command)
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw UsageError(
                    "Unexpected argument '\(argument)'; this command takes only options.",
                    command: command
                )
            }
            let (name, inlineValue) = split(argument)
            guard let specification = options.first(where: { $0.name == name }) else {
                throw UsageError("Unknown option '\(name)'.", command: command)
            }
            guard specification.takesValue else {
                guard inlineValue == nil else {
                    throw UsageError("The option \(name) takes no value.", command: command)
                }
                try parsed.record(specification, value: nil)
                continue
            }
            if let inlineValue {
                try parsed.record(specification, value: inlineValue)
                continue
            }
            // A following option is never taken as a value, so `--role --json` reports the
            // missing role instead of creating an account with the role "--json".
            guard index < arguments.endIndex, !arguments[index].hasPrefix("--") else {
                let valueName = specification.valueName ?? "VALUE"
                throw UsageError("The option \(name) needs a value (\(valueName)).", command: command)
            }
            try parsed.record(specification, value: arguments[index])
            index += 1
        }
        return parsed
    }

    /// True when `arguments` contains `--help` or `-h` anywhere.
    static func requestsHelp(_ arguments: [String]) -> Bool {
        arguments.contains("--help") || arguments.contains("-h")
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
