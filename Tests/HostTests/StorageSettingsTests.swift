import Testing

@testable import Host

/// `NORNICDB_STORAGE_URL` and the PostgreSQL URL it may contain.
@Suite struct StorageSettingsTests {
    private let loader = ConfigurationLoader()

    private func storage(_ value: String) throws -> StorageSettings {
        try loader.load(environment: ["NORNICDB_STORAGE_URL": value], arguments: []).storage
    }

    private func loadError(_ value: String) -> String? {
        do {
            _ = try storage(value)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func sqliteByDefault() throws {
        #expect(try loader.load(environment: [:], arguments: []).storage == .sqlite(directory: nil))
    }

    @Test func sqliteDirectory() throws {
        #expect(try storage("sqlite:/var/lib/nornicdb") == .sqlite(directory: "/var/lib/nornicdb"))
        #expect(loadError("sqlite:") != nil)
    }

    @Test func postgresURLParts() throws {
        let url = try PostgreSQLURL(parsing: "postgres://graph:p%40ss:w0rd@db.example:6543/nornic?sslmode=verify-full")
        #expect(url.user == "graph")
        #expect(url.password?.reveal() == "p@ss:w0rd")
        #expect(url.host == "db.example")
        #expect(url.port == 6543)
        #expect(url.database == "nornic")
        #expect(url.parameters.map(\.key) == ["sslmode"])
        #expect(url.parameters.map(\.value) == ["verify-full"])
    }

    @Test func postgresqlSchemeAndIPv6() throws {
        let url = try PostgreSQLURL(parsing: "postgresql://[::1]:5433/db")
        #expect(url.host == "::1")
        #expect(url.port == 5433)
        #expect(url.user == nil)
        #expect(url.password == nil)
    }

    @Test func connectionStringQuotesValues() throws {
        let url = try PostgreSQLURL(parsing: "postgres://o%27neil:a%5Cb%27c@h/d?sslrootcert=%2Fetc%2Fca.pem")
        let text = url.connectionString(defaults: [("connect_timeout", "10"), ("sslrootcert", "ignored")])
        #expect(text.contains("user='o\\'neil'"))
        #expect(text.contains("password='a\\\\b\\'c'"))
        #expect(text.contains("connect_timeout='10'"))
        #expect(text.contains("sslrootcert='/etc/ca.pem'"))
        #expect(!text.contains("ignored"))
    }

    @Test func redactionHidesPassword() throws {
        let secret = "Sup3r-Secret"
        let url = try PostgreSQLURL(parsing: "postgres://graph:\(secret)@h:5432/d?password=\(secret)&sslmode=require")
        #expect(url.redacted == "postgres://graph:***@h:5432/d?password=***&sslmode=require")
        #expect(!"\(url)".contains(secret))
        #expect(!String(reflecting: url).contains(secret))
        let settings = try storage("postgres://graph:\(secret)@h/d")
        #expect(!"\(settings)".contains(secret))
    }

    @Test(arguments: [
        "mysql://user:SECRET@h/d",
        "postgres://user:SECRET@h:0/d",
        "postgres://user:SECRET@h:port/d",
        "postgres://user:SECRET@h1,h2/d",
        "postgres://user:SECRET@h/d?sslmode",
        "postgres://user:SECRET%zz@h/d",
        "postgres://user:SECRET@[::1/d",
    ])
    func invalidURLRejectedWithoutPassword(_ value: String) {
        let message = loadError(value)
        #expect(message != nil)
        #expect(message?.contains("NORNICDB_STORAGE_URL") == true)
        #expect(message?.contains("SECRET") == false)
    }
}
