import GraphValue
import Testing

@testable import Host

/// The limit settings, the fixed statement bounds and the per-principal quota.
@Suite struct LimitSettingsTests {
    private let loader = ConfigurationLoader()

    private func failure(_ environment: [String: String]) -> String? {
        do {
            _ = try loader.load(environment: environment, arguments: [])
            return nil
        } catch {
            return error.message
        }
    }

    @Test func defaults() throws {
        let limits = try loader.load(environment: [:], arguments: []).limits
        #expect(limits.maximumConnections == 1000)
        #expect(limits.loginTimeoutSeconds == 30)
        #expect(limits.idleTimeoutSeconds == 1800)
        #expect(limits.writeTimeoutSeconds == 60)
        #expect(limits.maximumMessageBytes == 16 << 20)
        #expect(limits.maximumTransactionsPerUser == 32)
        #expect(limits.maximumTransactions == 96)
    }

    @Test func transactionCapsBounded() throws {
        let limits = try loader.load(environment: ["NORNICDB_BOLT_MAX_TRANSACTIONS": "50"], arguments: []).limits
        #expect(limits.maximumTransactions == 50)
        for (variable, value) in [
            ("NORNICDB_BOLT_MAX_TRANSACTIONS", "97"), ("NORNICDB_BOLT_MAX_TRANSACTIONS", "0"),
            ("NORNICDB_BOLT_MAX_TRANSACTIONS_PER_USER", "97"),
        ] {
            #expect(throws: ConfigurationError.self) {
                _ = try loader.load(environment: [variable: value], arguments: [])
            }
        }
    }

    @Test func variablesAndFlags() throws {
        let limits = try loader.load(
            environment: [
                "NORNICDB_MAX_CONNECTIONS": "20",
                "NORNICDB_BOLT_LOGIN_TIMEOUT": "2s",
                "NORNICDB_BOLT_IDLE_TIMEOUT": "0",
                "NORNICDB_BOLT_WRITE_TIMEOUT": "1m",
            ],
            arguments: ["--bolt-max-message-size", "65536", "--bolt-max-transactions-per-user", "1"]
        ).limits
        #expect(limits.maximumConnections == 20)
        #expect(limits.loginTimeoutSeconds == 2)
        #expect(limits.idleTimeoutSeconds == 0)
        #expect(limits.writeTimeoutSeconds == 60)
        #expect(limits.maximumMessageBytes == 65_536)
        #expect(limits.maximumTransactionsPerUser == 1)
    }

    @Test(arguments: [
        ("NORNICDB_MAX_CONNECTIONS", "0"),
        ("NORNICDB_MAX_CONNECTIONS", "100001"),
        ("NORNICDB_MAX_CONNECTIONS", "many"),
        ("NORNICDB_BOLT_LOGIN_TIMEOUT", "0"),
        ("NORNICDB_BOLT_LOGIN_TIMEOUT", "3601"),
        ("NORNICDB_BOLT_IDLE_TIMEOUT", "8d"),
        ("NORNICDB_BOLT_IDLE_TIMEOUT", "-1"),
        ("NORNICDB_BOLT_WRITE_TIMEOUT", "0s"),
        ("NORNICDB_BOLT_MAX_MESSAGE_SIZE", "65535"),
        ("NORNICDB_BOLT_MAX_MESSAGE_SIZE", "268435457"),
        ("NORNICDB_BOLT_MAX_TRANSACTIONS_PER_USER", "0"),
    ])
    func invalidValueNamesTheVariable(variable: String, value: String) throws {
        let message = try #require(failure([variable: value]))
        #expect(message.contains(variable))
    }

    // MARK: Statement bounds

    @Test func statementTextAtTheBound() throws {
        let text = String(repeating: "x", count: StatementBounds.maximumTextBytes)
        try StatementBounds.check(text, parameters: [:])
        let error = try #require(throws: ServerError.self) {
            try StatementBounds.check(text + "x", parameters: [:])
        }
        #expect(error.status == .requestInvalid)
    }

    @Test func statementTextCountsUTF8Bytes() throws {
        // Two bytes per character: half the characters reach the bound.
        let text = String(repeating: "é", count: StatementBounds.maximumTextBytes / 2 + 1)
        #expect(throws: ServerError.self) { try StatementBounds.check(text, parameters: [:]) }
    }

    @Test func parameterCountAtTheBound() throws {
        var parameters: [String: Value] = [:]
        for index in 0..<StatementBounds.maximumParameterCount { parameters["p\(index)"] = .null }
        try StatementBounds.check("RETURN 1", parameters: parameters)
        parameters["one-more"] = .null
        let error = try #require(throws: ServerError.self) {
            try StatementBounds.check("RETURN 1", parameters: parameters)
        }
        #expect(error.status == .requestInvalid)
    }

    // MARK: Quota

    @Test func quotaRefusesAtTheMaximumPerPrincipal() {
        let quota = PrincipalQuota(maximumPerPrincipal: 2)
        #expect(quota.take("a"))
        #expect(quota.take("a"))
        #expect(!quota.take("a"))
        #expect(quota.take("b"))
        quota.release("a")
        #expect(quota.take("a"))
        #expect(!quota.take("a"))
    }

    @Test func quotaReleaseWithoutTakeKeepsNothing() {
        let quota = PrincipalQuota(maximumPerPrincipal: 1)
        quota.release("a")
        #expect(quota.take("a"))
        #expect(!quota.take("a"))
    }
}
