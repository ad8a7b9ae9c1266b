import Host
import Testing

@testable import PAMAuth

/// `NORNICDB_PAM_*` settings through the loader, and the plugin's configuration built from them.
@Suite struct PAMConfigurationTests {
    private let loader = ConfigurationLoader()

    private func load(_ environment: [String: String], _ arguments: [String] = []) throws(ConfigurationError)
        -> Configuration
    {
        try loader.load(
            environment: ["NORNICDB_AUTH_PROVIDERS": "local,pam"].merging(environment) { _, new in new },
            arguments: arguments
        )
    }

    private func failure(_ environment: [String: String], _ arguments: [String] = []) -> String? {
        do {
            let config = try load(environment, arguments)
            _ = try PAMConfiguration(config.pam)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func defaults() throws {
        let config = try load([:])
        #expect(config.authProviders == ["local", "pam"])
        #expect(config.pam == PAMSettings())
        let pam = try PAMConfiguration(config.pam)
        #expect(pam.service == "nornicdb")
        #expect(pam.defaultRole == "none")
        #expect(pam.requiredGroup == nil)
        #expect(pam.timeoutSeconds == 10)
        #expect(pam.maximumConcurrent == 4)
        #expect(pam.mapping.rules.isEmpty)
        #expect(pam.roles(forGroups: ["anything"]) == ["none"])
    }

    @Test func everySetting() throws {
        let config = try load([
            "NORNICDB_PAM_SERVICE": "graph-db_2.test",
            "NORNICDB_PAM_GROUP_TO_ROLE_MAPPING": "graph-admins = admin",
            "NORNICDB_PAM_DEFAULT_ROLE": "viewer",
            "NORNICDB_PAM_REQUIRED_GROUP": "graph-users",
            "NORNICDB_PAM_TIMEOUT": "2m",
            "NORNICDB_PAM_MAX_CONCURRENT": "16",
        ])
        let pam = try PAMConfiguration(config.pam)
        #expect(pam.service == "graph-db_2.test")
        #expect(pam.requiredGroup == "graph-users")
        #expect(pam.timeoutSeconds == 120)
        #expect(pam.maximumConcurrent == 16)
        #expect(pam.roles(forGroups: ["graph-admins"]) == ["admin"])
        #expect(pam.roles(forGroups: ["other"]) == ["viewer"])
        #expect(config.pam.givenBy.count == 6)
    }

    @Test func flagsOverrideVariables() throws {
        let config = try load(
            ["NORNICDB_PAM_SERVICE": "from-variable"],
            ["--pam-service", "from-flag", "--pam-max-concurrent", "2", "--pam-required-group", "ops"]
        )
        #expect(config.pam.service == "from-flag")
        #expect(config.pam.maximumConcurrent == 2)
        #expect(config.pam.requiredGroup == "ops")
    }

    @Test(arguments: [
        ("NORNICDB_PAM_SERVICE", ""),
        ("NORNICDB_PAM_SERVICE", "../shadow"),
        ("NORNICDB_PAM_SERVICE", "pam.d/nornicdb"),
        ("NORNICDB_PAM_SERVICE", ".hidden"),
        ("NORNICDB_PAM_SERVICE", "two words"),
        ("NORNICDB_PAM_DEFAULT_ROLE", "superuser"),
        ("NORNICDB_PAM_REQUIRED_GROUP", "  "),
        ("NORNICDB_PAM_TIMEOUT", "0s"),
        ("NORNICDB_PAM_TIMEOUT", "301s"),
        ("NORNICDB_PAM_TIMEOUT", "soon"),
        ("NORNICDB_PAM_MAX_CONCURRENT", "0"),
        ("NORNICDB_PAM_MAX_CONCURRENT", "65"),
        ("NORNICDB_PAM_GROUP_TO_ROLE_MAPPING", "graph-admins = root"),
    ])
    func invalidValue(variable: String, value: String) {
        let message = failure([variable: value])
        #expect(message?.contains(variable) == true, "\(message ?? "no error")")
    }

    @Test(arguments: ["local", "local,ldap", "ldap"])
    func settingWithoutProvider(providers: String) {
        let message = failure(["NORNICDB_AUTH_PROVIDERS": providers, "NORNICDB_PAM_TIMEOUT": "5s"])
        #expect(message?.contains("NORNICDB_PAM_TIMEOUT") == true, "\(message ?? "no error")")
        #expect(message?.contains("does not include pam") == true, "\(message ?? "no error")")
    }

    @Test func flagWithoutProvider() {
        let message = failure(["NORNICDB_AUTH_PROVIDERS": "local"], ["--pam-service", "nornicdb"])
        #expect(message?.contains("NORNICDB_PAM_SERVICE") == true, "\(message ?? "no error")")
    }

    @Test func pamOnlyProvider() throws {
        #expect(try load(["NORNICDB_AUTH_PROVIDERS": "pam"]).authProviders == ["pam"])
    }

    @Test func helpListsEverySetting() {
        let variables = Set(ConfigurationLoader.settings.map(\.variable))
        for suffix in [
            "SERVICE", "GROUP_TO_ROLE_MAPPING", "DEFAULT_ROLE", "REQUIRED_GROUP", "TIMEOUT", "MAX_CONCURRENT",
        ] {
            #expect(variables.contains("NORNICDB_PAM_\(suffix)"), "NORNICDB_PAM_\(suffix)")
        }
    }
}
