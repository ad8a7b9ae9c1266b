import Testing

@testable import Host

/// The `NORNICDB_BOLT_TLS_*` and `NORNICDB_HTTPS_*` settings and the rules between them.
@Suite struct TLSSettingsTests {
    private let loader = ConfigurationLoader()
    private let boltFiles = [
        "NORNICDB_BOLT_TLS_ENABLED": "true",
        "NORNICDB_BOLT_TLS_CERT": "/etc/nornicdb/server.pem",
        "NORNICDB_BOLT_TLS_KEY": "/etc/nornicdb/server.key",
    ]

    private func failure(_ environment: [String: String]) -> String? {
        do {
            _ = try loader.load(environment: environment, arguments: [])
            return nil
        } catch {
            return error.message
        }
    }

    @Test func defaultsLeaveTLSOff() throws {
        let tls = try loader.load(environment: [:], arguments: []).tls
        #expect(!tls.boltEnabled)
        #expect(!tls.boltRequired)
        #expect(!tls.httpsEnabled)
        #expect(tls.httpsPort == 7473)
        #expect(tls.boltClientAuthentication == .none)
    }

    @Test func boltSettingsParsed() throws {
        var environment = boltFiles
        environment["NORNICDB_BOLT_TLS_REQUIRE"] = "true"
        environment["NORNICDB_BOLT_TLS_CLIENT_CA"] = "/etc/nornicdb/clients.pem"
        environment["NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE"] = "Require"
        let tls = try loader.load(environment: environment, arguments: []).tls
        #expect(tls.boltEnabled)
        #expect(tls.boltRequired)
        #expect(tls.boltCertificatePath == "/etc/nornicdb/server.pem")
        #expect(tls.boltKeyPath == "/etc/nornicdb/server.key")
        #expect(tls.boltClientCAPath == "/etc/nornicdb/clients.pem")
        #expect(tls.boltClientAuthentication == .require)
    }

    @Test func flagsSetTheSameFields() throws {
        let arguments = [
            "--bolt-tls-enabled", "true", "--bolt-tls-cert", "/c.pem", "--bolt-tls-key", "/k.pem",
            "--https-enabled", "true", "--https-port", "8443",
        ]
        let tls = try loader.load(environment: [:], arguments: arguments).tls
        #expect(tls.boltEnabled)
        #expect(tls.httpsEnabled)
        #expect(tls.httpsPort == 8443)
        #expect(tls.effectiveHTTPSCertificatePath == "/c.pem")
        #expect(tls.effectiveHTTPSKeyPath == "/k.pem")
    }

    @Test func httpsUsesItsOwnFilesWhenGiven() throws {
        let environment = [
            "NORNICDB_HTTPS_ENABLED": "true", "NORNICDB_HTTPS_CERT": "/h.pem", "NORNICDB_HTTPS_KEY": "/h.key",
        ]
        let tls = try loader.load(environment: environment, arguments: []).tls
        #expect(tls.effectiveHTTPSCertificatePath == "/h.pem")
        #expect(tls.effectiveHTTPSKeyPath == "/h.key")
        #expect(!tls.boltEnabled)
    }

    @Test func httpsMayBorrowTheBoltFilesWithoutBoltTLS() throws {
        let environment = [
            "NORNICDB_HTTPS_ENABLED": "true", "NORNICDB_BOLT_TLS_CERT": "/c.pem", "NORNICDB_BOLT_TLS_KEY": "/k.pem",
        ]
        let tls = try loader.load(environment: environment, arguments: []).tls
        #expect(tls.effectiveHTTPSCertificatePath == "/c.pem")
        #expect(!tls.boltEnabled)
    }

    @Test(arguments: [
        (["NORNICDB_BOLT_TLS_ENABLED": "true"], "NORNICDB_BOLT_TLS_CERT"),
        (["NORNICDB_BOLT_TLS_ENABLED": "true", "NORNICDB_BOLT_TLS_CERT": "/c.pem"], "NORNICDB_BOLT_TLS_KEY"),
        (["NORNICDB_BOLT_TLS_REQUIRE": "true"], "NORNICDB_BOLT_TLS_REQUIRE"),
        (["NORNICDB_BOLT_TLS_CERT": "/c.pem"], "NORNICDB_BOLT_TLS_CERT"),
        (["NORNICDB_BOLT_TLS_ENABLED": "maybe"], "NORNICDB_BOLT_TLS_ENABLED"),
        (["NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE": "always"], "NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE"),
        (["NORNICDB_HTTPS_ENABLED": "true"], "NORNICDB_HTTPS_CERT"),
        (["NORNICDB_HTTPS_PORT": "8443"], "NORNICDB_HTTPS_PORT"),
        (["NORNICDB_HTTPS_PORT": "0"], "NORNICDB_HTTPS_PORT"),
        (["NORNICDB_BOLT_TLS_CERT": ""], "NORNICDB_BOLT_TLS_CERT"),
    ])
    func invalidValueNamesTheVariable(environment: [String: String], variable: String) {
        let message = failure(environment)
        #expect(message?.contains(variable) == true, "\(message ?? "accepted")")
    }

    @Test func clientCAWithModeNoneStopsStartUp() {
        var environment = boltFiles
        environment["NORNICDB_BOLT_TLS_CLIENT_CA"] = "/ca.pem"
        let message = failure(environment)
        #expect(message?.contains("NORNICDB_BOLT_TLS_CLIENT_CA") == true)
        #expect(message?.contains("NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE") == true)
    }

    @Test(arguments: ["optional", "require"])
    func clientAuthenticationNeedsACA(mode: String) {
        var environment = boltFiles
        environment["NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE"] = mode
        #expect(failure(environment)?.contains("NORNICDB_BOLT_TLS_CLIENT_CA") == true)
    }

    @Test(arguments: [("NORNICDB_BOLT_PORT", "7473"), ("NORNICDB_HTTP_PORT", "7473")])
    func httpsPortMustDifferFromTheOthers(variable: String, port: String) {
        var environment = boltFiles
        environment["NORNICDB_HTTPS_ENABLED"] = "true"
        environment[variable] = port
        let message = failure(environment)
        #expect(message?.contains("NORNICDB_HTTPS_PORT") == true)
        #expect(message?.contains(variable) == true)
    }
}
