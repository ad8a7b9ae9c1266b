import Testing

@testable import Host

@Suite struct ConfigurationLoaderTests {
    private let loader = ConfigurationLoader()

    private func failure(_ environment: [String: String], _ arguments: [String] = []) -> String? {
        do {
            _ = try loader.load(environment: environment, arguments: arguments)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func defaults() throws {
        let config = try loader.load(environment: [:], arguments: [])
        #expect(config.address == "127.0.0.1")
        #expect(config.boltPort == 7687)
        #expect(config.httpPort == 7474)
        #expect(config.defaultDatabase == "nornic")
        #expect(config.dataDirectory == "./data")
        #expect(config.initialAuth == .generated)
        #expect(config.boltRequireAuth)
        #expect(!config.boltAllowAnonymous)
        #expect(config.logLevel == .info)
        #expect(config.authPolicy.authenticationEnabled)
        #expect(!config.authPolicy.allowAnonymous)
        #expect(config.jwtSecret == nil)
        #expect(config.jwtPreviousSecrets.isEmpty)
        #expect(config.tokenLifetimeSeconds == 86_400)
        #expect(config.httpTransactionIdleTimeoutSeconds == 30)
        #expect(config.httpMaximumRequestBytes == 10_485_760)
    }

    @Test func flagsOverrideEnvironment() throws {
        let config = try loader.load(
            environment: ["NORNICDB_BOLT_PORT": "7000", "NORNICDB_AUTH": "root:longpassword"],
            arguments: ["--bolt-port", "7001", "--bolt-allow-anonymous", "--log-level=debug"]
        )
        #expect(config.boltPort == 7001)
        #expect(config.boltAllowAnonymous)
        #expect(config.logLevel == .debug)
        #expect(config.initialAuth == .admin(user: "root", password: "longpassword"))
    }

    @Test func authForms() throws {
        #expect(try loader.load(environment: ["NORNICDB_AUTH": "none"], arguments: []).initialAuth == .disabled)
        #expect(
            try loader.load(environment: ["NORNICDB_AUTH": "ops/abcdefgh"], arguments: []).initialAuth
                == .admin(user: "ops", password: "abcdefgh")
        )
        #expect(
            try !loader.load(environment: ["NORNICDB_AUTH": "none"], arguments: []).authPolicy.authenticationEnabled
        )
    }

    @Test func invalidValuesNameTheVariable() {
        #expect(failure(["NORNICDB_BOLT_PORT": "abc"])?.contains("NORNICDB_BOLT_PORT") == true)
        #expect(failure(["NORNICDB_BOLT_PORT": "70000"])?.contains("1 to 65535") == true)
        #expect(failure(["NORNICDB_ADDRESS": "localhost"])?.contains("NORNICDB_ADDRESS") == true)
        #expect(failure(["NORNICDB_JWT_SECRET": "short"])?.contains("NORNICDB_JWT_SECRET") == true)
        #expect(failure(["NORNICDB_AUTH": "nopassword"])?.contains("NORNICDB_AUTH") == true)
        #expect(failure(["NORNICDB_AUTH": "u:short"])?.contains("shorter than 8") == true)
        #expect(failure(["NORNICDB_BOLT_REQUIRE_AUTH": "maybe"])?.contains("true or false") == true)
        #expect(failure(["NORNICDB_LOG_LEVEL": "loud"])?.contains("NORNICDB_LOG_LEVEL") == true)
        #expect(failure(["NORNICDB_DEFAULT_DATABASE": "system"])?.contains("NORNICDB_DEFAULT_DATABASE") == true)
        #expect(failure([:], ["--no-such-flag"])?.contains("--no-such-flag") == true)
        #expect(failure([:], ["--bolt-port"])?.contains("needs a value") == true)
    }

    @Test func errorsNeverEchoSecrets() {
        let message = failure(["NORNICDB_JWT_SECRET": "tiny-secret-value"]) ?? ""
        #expect(!message.contains("tiny-secret-value"))
        let auth = failure(["NORNICDB_AUTH": "u:pw"]) ?? ""
        #expect(!auth.contains("u:pw"))
    }

    @Test func anonymousPolicy() throws {
        #expect(
            try loader.load(environment: ["NORNICDB_BOLT_REQUIRE_AUTH": "false"], arguments: []).authPolicy
                .allowAnonymous
        )
        #expect(
            try loader.load(environment: ["NORNICDB_BOLT_ALLOW_ANONYMOUS": "true"], arguments: []).authPolicy
                .allowAnonymous
        )
    }
}

@Suite struct ConfigurationRulesTests {
    private let loader = ConfigurationLoader()

    @Test func flagOverridesInvalidVariable() throws {
        let config = try loader.load(environment: ["NORNICDB_BOLT_PORT": "abc"], arguments: ["--bolt-port", "7002"])
        #expect(config.boltPort == 7002)
    }

    @Test func authNoneOnlyOnLoopback() throws {
        #expect(try loader.load(environment: ["NORNICDB_AUTH": "none"], arguments: []).initialAuth == .disabled)
        #expect(
            try loader.load(environment: ["NORNICDB_AUTH": "none", "NORNICDB_ADDRESS": "::1"], arguments: [])
                .initialAuth == .disabled
        )
        #expect(throws: ConfigurationError.self) {
            try loader.load(environment: ["NORNICDB_AUTH": "none", "NORNICDB_ADDRESS": "0.0.0.0"], arguments: [])
        }
    }

    @Test func portsMustDiffer() {
        #expect(throws: ConfigurationError.self) {
            try loader.load(environment: ["NORNICDB_HTTP_PORT": "7687"], arguments: [])
        }
    }

    @Test func unknownVariablesListed() {
        let unknown = ConfigurationLoader.unknownVariables(in: [
            "NORNICDB_BOLT_PROT": "1", "NORNICDB_BOLT_PORT": "2", "PATH": "/bin",
        ])
        #expect(unknown == ["NORNICDB_BOLT_PROT"])
    }

    @Test func unknownVariablesKnowNewSettings() {
        let known = [
            "NORNICDB_AUTH_TOKEN_EXPIRY", "NORNICDB_JWT_PREVIOUS_SECRETS", "NORNICDB_JWT_SECRET_FILE",
            "NORNICDB_AUTH_FILE", "NORNICDB_JWT_PREVIOUS_SECRETS_FILE", "NORNICDB_HTTP_TRANSACTION_IDLE_TIMEOUT",
            "NORNICDB_HTTP_MAX_REQUEST_SIZE",
        ]
        let environment = Dictionary(uniqueKeysWithValues: known.map { ($0, "x") })
        #expect(ConfigurationLoader.unknownVariables(in: environment).isEmpty)
        // Settings without a file form do not accept one.
        #expect(
            ConfigurationLoader.unknownVariables(in: ["NORNICDB_BOLT_PORT_FILE": "x"]) == ["NORNICDB_BOLT_PORT_FILE"]
        )
    }

    @Test func httpPortHelpNamesListener() throws {
        let setting = try #require(ConfigurationLoader.settings.first { $0.variable == "NORNICDB_HTTP_PORT" })
        #expect(setting.help == "TCP port of the HTTP API (default 7474).")
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.8.9.1", true), ("::1", true), ("0.0.0.0", false),
        ("10.0.0.1", false), ("::", false),
    ])
    func loopbackAddresses(address: String, loopback: Bool) {
        #expect(SocketAddressSyntax.isLoopback(address) == loopback)
    }
}
