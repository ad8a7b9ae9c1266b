import Testing

@testable import Host

/// The token, JWT rotation and HTTP settings.
@Suite struct TokenSettingsTests {
    private let loader = ConfigurationLoader()

    private func failure(_ environment: [String: String], _ arguments: [String] = []) -> String? {
        do {
            _ = try loader.load(environment: environment, arguments: arguments)
            return nil
        } catch {
            return error.message
        }
    }

    static let secretA = "Aq3Vd8pX2mLr7Tz9KbN4wYc6Hf1Gj5Sa0Ue8"
    static let secretB = "Bz7Cv2Bn5Mq8Wr1Ty4Ui6Op9As3Df0Gh7Jk2"

    @Test(
        arguments: [("90s", 90), ("30m", 1_800), ("24h", 86_400), ("7d", 604_800), ("1h30m", 5_400), ("3600", 3_600)]
            as [(String, Int64)]
    )
    func tokenExpiryParsed(text: String, seconds: Int64) throws {
        let config = try loader.load(environment: ["NORNICDB_AUTH_TOKEN_EXPIRY": text], arguments: [])
        #expect(config.tokenLifetimeSeconds == seconds)
    }

    @Test func tokenExpiryFlag() throws {
        let config = try loader.load(environment: [:], arguments: ["--auth-token-expiry", "2h"])
        #expect(config.tokenLifetimeSeconds == 7_200)
    }

    @Test func tokenExpiryUpperBound() throws {
        let config = try loader.load(environment: ["NORNICDB_AUTH_TOKEN_EXPIRY": "366d"], arguments: [])
        #expect(config.tokenLifetimeSeconds == 366 * 86_400)
    }

    @Test(arguments: ["0", "0s", "367d", "31622401", "-1h", "1.5h", "soon", "", "24H", "9999999999999999999d"])
    func tokenExpiryRejected(text: String) {
        let message = failure(["NORNICDB_AUTH_TOKEN_EXPIRY": text])
        #expect(message?.contains("NORNICDB_AUTH_TOKEN_EXPIRY") == true)
        #expect(message?.contains("366d") == true)
    }

    @Test func previousSecretsParsed() throws {
        let value = " \(Self.secretA) ,\(Self.secretB)\n"
        let config = try loader.load(environment: ["NORNICDB_JWT_PREVIOUS_SECRETS": value], arguments: [])
        #expect(config.jwtPreviousSecrets.map { $0.reveal() } == [Self.secretA, Self.secretB])
    }

    @Test func previousSecretsFlag() throws {
        let config = try loader.load(environment: [:], arguments: ["--jwt-previous-secrets=\(Self.secretA)"])
        #expect(config.jwtPreviousSecrets.map { $0.reveal() } == [Self.secretA])
    }

    @Test func previousSecretsEmptyMeansNone() throws {
        for value in ["", "  "] {
            let config = try loader.load(environment: ["NORNICDB_JWT_PREVIOUS_SECRETS": value], arguments: [])
            #expect(config.jwtPreviousSecrets.isEmpty)
        }
    }

    @Test func previousSecretShortEntryRejected() throws {
        let short = "short-previous-secret"
        let message = try #require(failure(["NORNICDB_JWT_PREVIOUS_SECRETS": "\(Self.secretA),\(short)"]))
        #expect(message.contains("NORNICDB_JWT_PREVIOUS_SECRETS entry 2 is too short (21 bytes)"))
        #expect(!message.contains(short))
        #expect(!message.contains(Self.secretA))
    }

    @Test func previousSecretEmptyEntryRejected() throws {
        for value in ["\(Self.secretA),", ",\(Self.secretA)", "\(Self.secretA),,\(Self.secretB)"] {
            let message = try #require(failure(["NORNICDB_JWT_PREVIOUS_SECRETS": value]))
            #expect(message.contains("empty entry"))
            #expect(!message.contains(Self.secretA))
        }
    }

    @Test func httpSettingsParsed() throws {
        let config = try loader.load(
            environment: ["NORNICDB_HTTP_TRANSACTION_IDLE_TIMEOUT": "86400", "NORNICDB_HTTP_MAX_REQUEST_SIZE": "1024"],
            arguments: []
        )
        #expect(config.httpTransactionIdleTimeoutSeconds == 86_400)
        #expect(config.httpMaximumRequestBytes == 1024)
        let flags = try loader.load(
            environment: [:],
            arguments: ["--http-transaction-idle-timeout", "1", "--http-max-request-size=1073741824"]
        )
        #expect(flags.httpTransactionIdleTimeoutSeconds == 1)
        #expect(flags.httpMaximumRequestBytes == 1_073_741_824)
    }

    @Test(arguments: ["0", "86401", "-1", "30s", "abc", ""])
    func httpIdleTimeoutRejected(text: String) {
        let message = failure(["NORNICDB_HTTP_TRANSACTION_IDLE_TIMEOUT": text])
        #expect(message?.contains("NORNICDB_HTTP_TRANSACTION_IDLE_TIMEOUT") == true)
        #expect(message?.contains("1 to 86400") == true)
    }

    @Test(arguments: ["1023", "1073741825", "-1", "10MB", ""])
    func httpRequestSizeRejected(text: String) {
        let message = failure(["NORNICDB_HTTP_MAX_REQUEST_SIZE": text])
        #expect(message?.contains("NORNICDB_HTTP_MAX_REQUEST_SIZE") == true)
        #expect(message?.contains("1024 to 1073741824") == true)
    }

    @Test func flagErrorNamesFlag() {
        let message = failure([:], ["--auth-token-expiry", "never"])
        #expect(message?.hasPrefix("Option --auth-token-expiry: ") == true)
    }
}
