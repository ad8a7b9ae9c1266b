import Testing

@testable import Host

/// Passwords in malformed PostgreSQL URLs and in libpq parameters stay out of messages and logs.
@Suite struct PostgreSQLURLSecretTests {
    private func loadError(_ value: String) -> String? {
        do {
            _ = try ConfigurationLoader().load(environment: ["NORNICDB_STORAGE_URL": value], arguments: [])
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func sslPasswordParameterRedacted() throws {
        let url = try PostgreSQLURL(parsing: "postgres://graph@h/d?sslpassword=KeySecret1&sslmode=require")
        #expect(url.redacted == "postgres://graph@h/d?sslpassword=***&sslmode=require")
        #expect(!"\(url)".contains("KeySecret1"))
    }

    /// A password with a raw `/`, `?` or `#` ends the host part early, so the rest of the
    /// password would land in the database name, a parameter or an error message.
    @Test(arguments: [
        "postgres://user:SEC/RET@h/d",
        "postgres://user:SEC?RET@h/d",
        "postgres://user:1234/SECRET@h:5432/d",
        "postgres://user:SECRET/x@h/d",
    ])
    func rawDelimiterInPasswordRejected(_ value: String) {
        let message = loadError(value)
        #expect(message != nil)
        #expect(message?.contains("SEC") == false)
        #expect(message?.contains("RET") == false)
    }
}
