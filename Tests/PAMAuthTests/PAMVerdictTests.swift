import CPAM
import Host
import Testing

@testable import PAMAuth

/// How PAM statuses end a login, and what the provider does before PAM is called.
@Suite struct PAMVerdictTests {
    @Test(arguments: [
        (PAM_SUCCESS, PAMStep.authenticate, PAMVerdict.proceed),
        (PAM_SUCCESS, .accountManagement, .proceed),
        (PAM_USER_UNKNOWN, .authenticate, .unknownUser),
        (PAM_USER_UNKNOWN, .accountManagement, .rejected),
        (PAM_AUTH_ERR, .authenticate, .rejected),
        (PAM_CRED_INSUFFICIENT, .authenticate, .rejected),
        (PAM_MAXTRIES, .authenticate, .rejected),
        (PAM_CONV_ERR, .authenticate, .rejected),
        (PAM_PERM_DENIED, .accountManagement, .rejected),
        (PAM_ACCT_EXPIRED, .accountManagement, .rejected),
        (PAM_NEW_AUTHTOK_REQD, .accountManagement, .rejected),
        (PAM_AUTHINFO_UNAVAIL, .authenticate, .unavailable),
        (PAM_SYSTEM_ERR, .authenticate, .unavailable),
        (PAM_BUF_ERR, .accountManagement, .unavailable),
        (PAM_ABORT, .authenticate, .unavailable),
        (PAM_MODULE_UNKNOWN, .authenticate, .unavailable),
        (PAM_SYSTEM_ERR, .start, .unavailable),
        (PAM_AUTH_ERR, .start, .unavailable),
    ])
    func verdict(status: Int32, step: PAMStep, expected: PAMVerdict) {
        #expect(PAMVerdict.of(status, from: step) == expected)
    }

    @Test func failureDescription() {
        let plain = PAMFailure(step: .authenticate, status: 7, message: "Authentication failure", unansweredPrompts: 0)
        #expect(plain.description == "pam_authenticate returned 7 (Authentication failure)")
        let prompted = PAMFailure(step: .authenticate, status: 19, message: "Conversation error", unansweredPrompts: 1)
        #expect(prompted.description.contains("other than a password prompt"))
    }

    private func provider() throws -> PAMProvider {
        PAMProvider(configuration: try PAMConfiguration(PAMSettings()))
    }

    @Test func emptyPasswordRejected() async throws {
        let provider = try provider()
        defer { provider.shutdown() }
        await #expect(throws: ServerError.invalidCredentials) {
            try await provider.authenticate(.password(principal: "alice", password: ""))
        }
    }

    @Test func passwordWithNulRejected() async throws {
        let provider = try provider()
        defer { provider.shutdown() }
        await #expect(throws: ServerError.invalidCredentials) {
            try await provider.authenticate(.password(principal: "alice", password: Secret("a\u{0}b")))
        }
    }

    @Test(arguments: ["", "a\u{0}b", String(repeating: "a", count: PAMProvider.maximumNameBytes + 1)])
    func nameNotPassedToPAM(name: String) async throws {
        let provider = try provider()
        defer { provider.shutdown() }
        #expect(try await provider.authenticate(.password(principal: name, password: "secret")) == nil)
    }

    @Test func otherCredentialsIgnored() async throws {
        let provider = try provider()
        defer { provider.shutdown() }
        #expect(try await provider.authenticate(.bearer(token: "token")) == nil)
        #expect(try await provider.authenticate(.anonymous) == nil)
    }
}
