import Testing

@testable import Host

/// Accepts `alice` with `right-password`, fails `slow` as a directory that timed out, and returns nil
/// for everyone else.
private struct FixedProvider: IdentityProvider {
    let name = "fixed"

    func authenticate(_ credential: Credential) async throws -> Identity? {
        guard case .password(let principal, let password) = credential else { return nil }
        switch principal.lowercased() {
        case "alice":
            guard password.reveal() == "right-password" else { throw ServerError.invalidCredentials }
            return Identity(principal: "alice", roles: ["editor"], provider: name)
        case "slow":
            throw ServerError(.authProviderTimeout, "The directory did not answer in time.")
        default:
            return nil
        }
    }
}

@Suite struct AuthenticatorLimitTests {
    let sink = LogSink.memory()
    let origin = LoginOrigin(channel: "bolt", peer: "192.0.2.7:40000", connectionID: "bolt-9")

    func authenticator(_ limits: LoginLimits) throws -> Authenticator {
        Authenticator(
            providers: [FixedProvider()],
            policy: AuthPolicy(),
            throttle: LoginThrottle(limits: limits),
            audit: try AuditLog(
                destination: .log(Logger(label: "security", sink: sink)),
                errorLogger: Logger(label: "x")
            )
        )
    }

    func code(_ authenticator: Authenticator, _ principal: String, _ password: String) async -> String? {
        do {
            _ = try await authenticator.authenticate(
                .basic(principal: principal, password: password),
                origin: origin,
                logger: Logger(label: "test", sink: .memory())
            )
            return nil
        } catch {
            return ServerError.wrapping(error).status.code
        }
    }

    var events: [String] { sink.recorded.map(\.message) }

    @Test func lockoutRefusesRightPassword() async throws {
        let auth = try authenticator(LoginLimits(maximumFailedAttempts: 3, lockoutSeconds: 60))
        for _ in 0..<3 {
            #expect(await code(auth, "alice", "wrong-password") == "Neo.ClientError.Security.Unauthorized")
        }
        #expect(await code(auth, "alice", "right-password") == "Neo.ClientError.Security.AuthenticationRateLimit")
    }

    @Test func unknownUsersCount() async throws {
        // Unknown names lock like known ones, so the lock does not tell which names exist.
        let auth = try authenticator(LoginLimits(maximumFailedAttempts: 2, lockoutSeconds: 60))
        #expect(await code(auth, "nobody", "x-password") == "Neo.ClientError.Security.Unauthorized")
        #expect(await code(auth, "nobody", "x-password") == "Neo.ClientError.Security.Unauthorized")
        #expect(await code(auth, "nobody", "x-password") == "Neo.ClientError.Security.AuthenticationRateLimit")
    }

    @Test func providerTimeoutsNotCounted() async throws {
        let auth = try authenticator(LoginLimits(maximumFailedAttempts: 2, lockoutSeconds: 60))
        for _ in 0..<4 {
            #expect(await code(auth, "slow", "any-password") == "Neo.TransientError.Security.AuthProviderTimeout")
        }
    }

    @Test func addressLimitCoversBearer() async throws {
        let auth = try authenticator(LoginLimits(maximumFailedAttempts: 0, maximumFailuresPerAddressPerMinute: 2))
        #expect(await code(auth, "one", "x-password") == "Neo.ClientError.Security.Unauthorized")
        #expect(await code(auth, "two", "x-password") == "Neo.ClientError.Security.Unauthorized")
        #expect(await code(auth, "alice", "right-password") == "Neo.ClientError.Security.AuthenticationRateLimit")
    }

    @Test func eventsRecorded() async throws {
        let auth = try authenticator(LoginLimits(maximumFailedAttempts: 2, lockoutSeconds: 60))
        _ = await code(auth, "alice", "right-password")
        _ = await code(auth, "alice", "wrong-password")
        _ = await code(auth, "alice", "wrong-password")
        _ = await code(auth, "alice", "right-password")
        let kinds = events.compactMap { message in
            SecurityEvent.Kind.allCases.first { message.contains("\"event\":\"\($0.rawValue)\"") }
        }
        #expect(
            kinds == [
                .authenticationSuccess, .authenticationFailure, .authenticationFailure, .principalLocked,
                .authenticationFailure,
            ]
        )
        #expect(events[0].contains("\"client_address\":\"192.0.2.7\""))
        #expect(events[0].contains("\"connection_id\":\"bolt-9\""))
        #expect(events[0].contains("\"provider\":\"fixed\""))
        #expect(events[1].contains("\"reason\":\"invalid_credentials\""))
        #expect(events[4].contains("\"reason\":\"rate_limited\""))
        for message in events {
            #expect(!message.contains("right-password"))
            #expect(!message.contains("wrong-password"))
        }
    }

    @Test func malformedTokenRecorded() async throws {
        let auth = try authenticator(LoginLimits())
        let token = AuthToken(scheme: .string("basic"), principal: .absent, credentials: Secret("secret-value"))
        await #expect(throws: ServerError.self) {
            _ = try await auth.authenticate(token, origin: origin, logger: Logger(label: "test", sink: .memory()))
        }
        #expect(events.count == 1)
        #expect(events[0].contains("\"event\":\"authentication_failure\""))
        #expect(!events[0].contains("secret-value"))
    }
}
