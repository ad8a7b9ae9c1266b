import GraphValue
import Testing

@testable import Host

@Suite struct AuthSchemeRegistryTests {
    private let registry = AuthSchemeRegistry.standard
    private let enabled = AuthPolicy(authenticationEnabled: true, allowAnonymous: false)

    private func message(_ fields: [String: Value], policy: AuthPolicy? = nil) -> String? {
        do {
            _ = try registry.credential(for: AuthToken(boltFields: fields), policy: policy ?? enabled)
            return nil
        } catch {
            #expect(error.status == .unauthorized)
            return error.message
        }
    }

    @Test func basicGivesPassword() throws {
        let credential = try registry.credential(
            for: AuthToken(boltFields: ["scheme": "basic", "principal": "al", "credentials": "pw-123456"]),
            policy: enabled
        )
        guard case .password(let principal, let password) = credential else {
            Issue.record("expected a password credential, got \(credential)")
            return
        }
        #expect(principal == "al")
        #expect(password.reveal() == "pw-123456")
    }

    @Test func emptyPrincipalMeansBearer() throws {
        let credential = try registry.credential(
            for: AuthToken(boltFields: ["scheme": "basic", "principal": "", "credentials": "a.b.c"]),
            policy: enabled
        )
        guard case .bearer(let token) = credential else {
            Issue.record("expected a bearer credential, got \(credential)")
            return
        }
        #expect(token.reveal() == "a.b.c")
    }

    @Test func neo4jMessages() {
        #expect(message([:]) == "Unsupported authentication token, missing key `scheme`")
        #expect(
            message(["scheme": "none"])
                == "Unsupported authentication token, scheme 'none' is only allowed when auth is disabled."
        )
        #expect(
            message(["scheme": "kerberos"]) == "Unsupported authentication token, scheme 'kerberos' is not supported."
        )
        #expect(
            message(["scheme": "basic", "principal": "al"])
                == "Unsupported authentication token, missing key `credentials`"
        )
        #expect(
            message(["scheme": "basic", "credentials": "x"])
                == "Unsupported authentication token, missing key `principal`"
        )
        #expect(
            message(["scheme": "basic", "principal": ["a"], "credentials": "x"])
                == "Unsupported authentication token, the value associated with the key `principal` must be a String but was: List"
        )
        #expect(message(["scheme": "bearer"]) == "Unsupported authentication token, missing key `credentials`")
    }

    @Test func anonymousWhenAllowed() throws {
        let open = AuthPolicy(authenticationEnabled: true, allowAnonymous: true)
        #expect(message([:], policy: open) == nil)
        #expect(message(["scheme": "none"], policy: open) == nil)
    }

    @Test func tokenDescriptionHidesCredentials() {
        let token = AuthToken(boltFields: ["scheme": "basic", "principal": "al", "credentials": "hunter22-secret"])
        #expect(!"\(token)".contains("hunter22"))
        #expect(!String(reflecting: token).contains("hunter22"))
    }
}
