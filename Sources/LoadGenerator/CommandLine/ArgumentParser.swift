import BoltProtocol

/// Parses the command line of `nornicdb-load` into an ``Invocation``.
enum ArgumentParser {
    private static let all = Set(Subcommand.allCases)
    private static let measured: Set<Subcommand> = [.roundtrip, .login]

    /// The options that take a value, with the subcommands that accept them.
    static let valueOptions: [String: Set<Subcommand>] = [
        "--address": all, "--connections": all, "--scheme": all, "--user": all, "--password": all,
        "--password-file": all, "--token": all, "--token-file": all, "--bolt": all, "--user-agent": all,
        "--timeout": all, "--duration": measured, "--warmup": measured, "--query": measured,
        "--int-param": measured, "--label": measured, "--scenario": measured, "--json": measured,
    ]

    /// The options without a value, with the subcommands that accept them.
    static let flagOptions: [String: Set<Subcommand>] = [
        "--goodbye": all, "--fail-on-error": measured, "--no-header": measured,
    ]

    /// The upper bound of `--connections`, far above what one client machine sustains.
    static let maximumConnections = 100_000

    /// - Parameters:
    ///   - arguments: the arguments after the program name.
    ///   - readFile: reads `--password-file` and `--token-file`; tests pass their own.
    static func parse(
        _ arguments: [String],
        readFile: (String) throws(UsageError) -> String = SecretFile.read
    ) throws(UsageError) -> ParsedCommand {
        guard let first = arguments.first else {
            throw UsageError("missing subcommand: expected \(subcommandNames)")
        }
        if first == "--help" || first == "-h" { return .help }
        guard let subcommand = Subcommand(rawValue: first) else {
            throw UsageError("unknown subcommand '\(first)': expected \(subcommandNames)")
        }
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            if argument == "--help" || argument == "-h" { return .help }
            guard argument.hasPrefix("--") else {
                throw UsageError("unexpected argument '\(argument)': options start with --")
            }
            let (name, inlineValue) = splitInlineValue(argument)
            if let subcommands = flagOptions[name] {
                try checkApplies(name, subcommands, subcommand)
                guard inlineValue == nil else { throw UsageError("\(name) takes no value") }
                guard flags.insert(name).inserted else { throw UsageError("\(name) is given twice") }
            } else if let subcommands = valueOptions[name] {
                try checkApplies(name, subcommands, subcommand)
                guard let value = inlineValue ?? rest.popFirst() else {
                    throw UsageError("\(name) needs a value")
                }
                guard values.updateValue(value, forKey: name) == nil else {
                    throw UsageError("\(name) is given twice")
                }
            } else {
                throw UsageError("unknown option '\(name)' for \(subcommand.rawValue)")
            }
        }
        return .run(try makeInvocation(subcommand, values: values, flags: flags, readFile: readFile))
    }

    private static var subcommandNames: String {
        Subcommand.allCases.map(\.rawValue).joined(separator: ", ")
    }

    private static func splitInlineValue(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private static func checkApplies(
        _ name: String,
        _ subcommands: Set<Subcommand>,
        _ subcommand: Subcommand
    ) throws(UsageError) {
        guard subcommands.contains(subcommand) else {
            throw UsageError("\(name) is not an option of \(subcommand.rawValue)")
        }
    }

    private static func makeInvocation(
        _ subcommand: Subcommand,
        values: [String: String],
        flags: Set<String>,
        readFile: (String) throws(UsageError) -> String
    ) throws(UsageError) -> Invocation {
        guard let addressText = values["--address"] else {
            throw UsageError("missing --address HOST:PORT")
        }
        var settings = ConnectionSettings(address: try ServerAddress(parsing: addressText))
        settings.credentials = try credentials(values, readFile: readFile)
        settings.sendsGoodbye = flags.contains("--goodbye")
        if let text = values["--bolt"] {
            settings.handshake = .only(try boltVersion(text))
        }
        if let agent = values["--user-agent"] {
            guard !agent.isEmpty else { throw UsageError("--user-agent must not be empty") }
            settings.userAgent = agent
        }
        if let text = values["--timeout"] {
            settings.timeoutSeconds = try seconds(text, option: "--timeout", allowsZero: false)
        }

        var invocation = Invocation(
            subcommand: subcommand,
            settings: settings,
            label: values["--label"] ?? addressText,
            scenario: values["--scenario"] ?? subcommand.rawValue
        )
        if let text = values["--connections"] {
            invocation.connectionCounts = try connectionCounts(text)
        } else if subcommand == .idle {
            throw UsageError("missing --connections N for idle")
        }
        if subcommand == .idle && invocation.connectionCounts.count != 1 {
            throw UsageError("idle takes one connection count, not a list: '\(values["--connections"]!)'")
        }
        if let text = values["--duration"] {
            invocation.timing.durationSeconds = try seconds(text, option: "--duration", allowsZero: false)
        }
        if let text = values["--warmup"] {
            invocation.timing.warmupSeconds = try seconds(text, option: "--warmup", allowsZero: true)
        }
        invocation.query = values["--query"] ?? (subcommand == .roundtrip ? "RETURN 1" : nil)
        if invocation.query?.isEmpty == true {
            throw UsageError("--query must not be empty")
        }
        if let text = values["--int-param"] {
            guard invocation.query != nil else {
                throw UsageError("--int-param needs --query with a $parameter to set")
            }
            invocation.parameter = try intParameter(text)
        }
        invocation.jsonPath = values["--json"]
        invocation.failsOnError = flags.contains("--fail-on-error")
        invocation.printsHeader = !flags.contains("--no-header")
        return invocation
    }

    /// Builds the credentials of `--scheme`, checking that exactly the matching secrets are given.
    private static func credentials(
        _ values: [String: String],
        readFile: (String) throws(UsageError) -> String
    ) throws(UsageError) -> Credentials {
        let schemeText = values["--scheme"] ?? AuthScheme.none.rawValue
        guard let scheme = AuthScheme(rawValue: schemeText) else {
            let names = AuthScheme.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("unknown --scheme '\(schemeText)': expected \(names)")
        }
        let given = Set(["--user", "--password", "--password-file", "--token", "--token-file"]).filter {
            values[$0] != nil
        }
        let allowed: Set<String> =
            switch scheme {
            case .none: []
            case .basic: ["--user", "--password", "--password-file"]
            case .bearer, .jwtBasic: ["--token", "--token-file"]
            }
        if let extra = given.subtracting(allowed).sorted().first {
            throw UsageError("\(extra) does not apply to --scheme \(scheme.rawValue)")
        }
        switch scheme {
        case .none:
            return Credentials(scheme: .none)
        case .basic:
            guard let user = values["--user"] else { throw UsageError("--scheme basic needs --user") }
            let password = try secret(
                values,
                option: "--password",
                fileOption: "--password-file",
                readFile: readFile
            )
            return Credentials(scheme: .basic, user: user, password: SecretFile.password(fromText: password))
        case .bearer, .jwtBasic:
            let text = try secret(values, option: "--token", fileOption: "--token-file", readFile: readFile)
            let tokens = SecretFile.tokens(fromText: text)
            guard !tokens.isEmpty else {
                throw UsageError("the token of --scheme \(scheme.rawValue) is empty")
            }
            return Credentials(scheme: scheme, tokens: tokens)
        }
    }

    /// Returns the value of `option` or the content of the file named by `fileOption`; exactly
    /// one must be given.
    private static func secret(
        _ values: [String: String],
        option: String,
        fileOption: String,
        readFile: (String) throws(UsageError) -> String
    ) throws(UsageError) -> String {
        switch (values[option], values[fileOption]) {
        case (let value?, nil): return value
        case (nil, let path?): return try readFile(path)
        case (.some, .some): throw UsageError("give either \(option) or \(fileOption), not both")
        case (nil, nil): throw UsageError("missing \(option) or \(fileOption)")
        }
    }

    static func connectionCounts(_ text: String) throws(UsageError) -> [Int] {
        var counts: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let count = Int(item), (1...maximumConnections).contains(count) else {
                throw UsageError(
                    "invalid --connections '\(text)': expected comma-separated counts from 1 to \(maximumConnections)"
                )
            }
            counts.append(count)
        }
        return counts
    }

    static func seconds(_ text: String, option: String, allowsZero: Bool) throws(UsageError) -> Double {
        guard let value = Double(text), value.isFinite, value > 0 || (allowsZero && value == 0) else {
            let expected = allowsZero ? "zero or more seconds" : "a positive number of seconds"
            throw UsageError("invalid \(option) '\(text)': expected \(expected)")
        }
        return value
    }

    /// Parses `NAME:LOW:HIGH`, such as `id:0:9999`.
    static func intParameter(_ text: String) throws(UsageError) -> IntParameter {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let low = Int64(parts[1]), let high = Int64(parts[2]) else {
            throw UsageError("invalid --int-param '\(text)': expected NAME:LOW:HIGH, such as id:0:9999")
        }
        guard low <= high else {
            throw UsageError("invalid --int-param '\(text)': LOW \(low) is greater than HIGH \(high)")
        }
        return IntParameter(name: String(parts[0]), range: low...high)
    }

    /// Parses `MAJOR.MINOR` and checks that it is a version the load generator speaks.
    static func boltVersion(_ text: String) throws(UsageError) -> BoltVersion {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = UInt8(parts[0]), let minor = UInt8(parts[1]) else {
            throw UsageError("invalid --bolt '\(text)': expected MAJOR.MINOR, such as 5.4")
        }
        let version = BoltVersion(major: major, minor: minor)
        guard ClientHandshake.standard.slots.contains(where: { $0.contains(version) }) else {
            throw UsageError("unsupported --bolt \(text): expected 4.4 or 5.0 to 5.8")
        }
        return version
    }
}
