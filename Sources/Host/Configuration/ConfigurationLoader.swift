/// Reads a ``Configuration`` from environment variables, command-line flags and secret files.
public struct ConfigurationLoader: Sendable {
    /// One setting: its variable, its flag, what it sets and how to parse it.
    public struct Setting: Sendable {
        public let variable: String
        public let flag: String
        public let valueName: String
        public let help: String
        /// `<variable>_FILE` when the setting can also be read from a file, such as a mounted
        /// Docker or Kubernetes secret; nil otherwise.
        public let fileVariable: String?
        /// `<flag>-file` when the setting has a file form; nil otherwise.
        public let fileFlag: String?
        let apply: @Sendable (inout Configuration, String) throws(ConfigurationError) -> Void

        /// - Parameter hasFileForm: true to accept `<variable>_FILE` and `<flag>-file`, whose
        ///   value is the path of a file that contains the setting's value. The help text then
        ///   names both.
        init(
            variable: String,
            flag: String,
            valueName: String,
            help: String,
            hasFileForm: Bool = false,
            apply: @escaping @Sendable (inout Configuration, String) throws(ConfigurationError) -> Void
        ) {
            self.variable = variable
            self.flag = flag
            self.valueName = valueName
            self.fileVariable = hasFileForm ? variable + "_FILE" : nil
            self.fileFlag = hasFileForm ? flag + "-file" : nil
            if hasFileForm {
                self.help = help + " \(variable)_FILE (\(flag)-file PATH) reads the value from a file instead."
            } else {
                self.help = help
            }
            self.apply = apply
        }
    }

    /// Returns the text of the file at a path, or throws an error whose description gives the
    /// reason it cannot be read. The description must never contain the file's contents.
    public typealias FileReader = @Sendable (_ path: String) throws -> String

    private let readFile: FileReader

    /// - Parameter readFile: reads the files that `_FILE` settings name; tests may pass a stub.
    public init(readFile: @escaping FileReader = SettingFile.read) {
        self.readFile = readFile
    }

    /// Builds the configuration: defaults, then environment, then flags.
    ///
    /// Flags take the form `--flag value` or `--flag=value`; boolean flags given alone mean true.
    /// A flag replaces the variable of the same setting and form before either is parsed, so an
    /// invalid variable that a flag overrides does not stop start-up. A setting given both
    /// directly and as a file, from the environment or flags in any mix, is an error, because
    /// the loader cannot tell which one the operator meant. A file loses one trailing `\n` or
    /// `\r\n`.
    public func load(environment: [String: String], arguments: [String]) throws(ConfigurationError) -> Configuration {
        var choices: [String: Choice] = [:]
        for setting in Self.settings {
            if let value = environment[setting.variable] {
                choices[setting.variable, default: Choice()].direct = Source(text: value, name: setting.variable)
            }
            if let fileVariable = setting.fileVariable, let path = environment[fileVariable] {
                choices[setting.variable, default: Choice()].file = Source(text: path, name: fileVariable, isFile: true)
            }
        }
        try readFlags(arguments, into: &choices)

        var config = Configuration()
        for setting in Self.settings {
            guard let choice = choices[setting.variable] else { continue }
            let value: String
            let source: Source
            switch (choice.direct, choice.file) {
            case (let direct?, let file?):
                throw .init(
                    "\(direct.name) and \(file.name) are both set; set only one of them, the value itself or "
                        + "the file that contains it."
                )
            case (let direct?, nil):
                value = direct.text
                source = direct
            case (nil, let file?):
                value = try contents(of: file)
                source = file
            case (nil, nil):
                continue
            }
            do {
                try setting.apply(&config, value)
            } catch {
                throw ConfigurationError(source.context + error.message)
            }
        }
        try Self.validate(config)
        return config
    }

    /// Returns the `NORNICDB_*` variables in `environment` that name no setting, such as misspellings.
    public static func unknownVariables(in environment: [String: String]) -> [String] {
        let known = Set(settings.flatMap { [$0.variable, $0.fileVariable].compactMap(\.self) })
            .union(clientVariables)
        return environment.keys.filter { $0.hasPrefix("NORNICDB_") && !known.contains($0) }.sorted()
    }

    /// Variables that the command-line clients read and `serve` ignores, such as the admin token
    /// of `nornicdb service-account --server`; they are not misspelt settings.
    public static let clientVariables: Set<String> = ["NORNICDB_ADMIN_TOKEN", "NORNICDB_BINARY"]

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
        try validateProviders(config)
        try validateTLS(config)
        try validateCluster(config)
    }

    // MARK: - Sources

    /// The origin of one form of a setting: the text, and the variable or flag that gave it.
    private struct Source {
        var text: String
        var name: String
        var isFile = false
        var isFlag: Bool { name.hasPrefix("--") }

        /// The prefix of messages about a value from this source. Every message already names
        /// the variable, so only flags and files need a prefix.
        var context: String {
            let origin = isFlag ? "Option \(name)" : name
            if isFile { return "\(origin) (file \(text)): " }
            return isFlag ? "\(origin): " : ""
        }
    }

    /// The direct value and the file path given for one setting.
    private struct Choice {
        var direct: Source?
        var file: Source?
    }

    private func readFlags(_ arguments: [String], into choices: inout [String: Choice]) throws(ConfigurationError) {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let (name, inlineValue) = Self.split(arguments[index])
            let setting: Setting
            let isFile: Bool
            if let direct = Self.settings.first(where: { $0.flag == name }) {
                (setting, isFile) = (direct, false)
            } else if let file = Self.settings.first(where: { $0.fileFlag == name }) {
                (setting, isFile) = (file, true)
            } else {
                throw .init("Unknown option '\(name)'; run `nornicdb serve --help` for the list of options.")
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if !isFile, setting.valueName == "BOOL",
                index + 1 == arguments.endIndex || arguments[index + 1].hasPrefix("--")
            {
                value = "true"
            } else {
                index += 1
                guard index < arguments.endIndex else {
                    throw .init("Option \(name) needs a value (\(isFile ? "PATH" : setting.valueName)).")
                }
                value = arguments[index]
            }
            let source = Source(text: value, name: name, isFile: isFile)
            if isFile {
                choices[setting.variable, default: Choice()].file = source
            } else {
                choices[setting.variable, default: Choice()].direct = source
            }
            index += 1
        }
    }

    /// Reads the file a `_FILE` source names and strips one trailing line break.
    private func contents(of source: Source) throws(ConfigurationError) -> String {
        let origin = source.isFlag ? "Option \(source.name)" : source.name
        guard !source.text.isEmpty else {
            throw .init("\(origin) is empty; give the path of a file that contains the value.")
        }
        var text: String
        do {
            text = try readFile(source.text)
        } catch {
            throw .init(
                "\(origin) names the file \(source.text), which cannot be read: \(error); give the path of a "
                    + "readable file that contains the value."
            )
        }
        // "\r\n" is a single Character in Swift, so one removeLast drops either line break.
        if text.hasSuffix("\r\n") || text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
