/// The path from a client's token to an ``Identity``: scheme, then the provider chain.
///
/// Bolt and HTTP both call this; it is the one place where the anonymous and
/// authentication-disabled rules apply.
public struct Authenticator: Sendable {
    public let registry: AuthSchemeRegistry
    public let providers: [any IdentityProvider]
    public let policy: AuthPolicy
    /// The failed-login limits, applied once around the whole provider chain.
    public let throttle: LoginThrottle
    public let audit: AuditLog
    /// The per-principal counts shared with other servers; nil when this server counts alone.
    public let sharedLimits: SharedLoginLimits?
    /// Tells other servers that the auth cache was cleared; nil when none shares the accounts.
    public let announcer: (any SecurityChangeAnnouncer)?
    private let clock: @Sendable () -> Int64

    /// - Parameters:
    ///   - throttle: the failed-login limits; the default has none, so the server passes its own.
    ///   - audit: the security log; the default records nothing.
    public init(
        registry: AuthSchemeRegistry = .standard,
        providers: [any IdentityProvider],
        policy: AuthPolicy,
        throttle: LoginThrottle = LoginThrottle(limits: .unlimited),
        audit: AuditLog = .disabled,
        sharedLimits: SharedLoginLimits? = nil,
        announcer: (any SecurityChangeAnnouncer)? = nil,
        clock: @escaping @Sendable () -> Int64 = { UnixTime.now() }
    ) {
        self.sharedLimits = sharedLimits
        self.announcer = announcer
        self.registry = registry
        self.providers = providers
        self.policy = policy
        self.throttle = throttle
        self.audit = audit
        self.clock = clock
    }

    /// Authenticates a token; every failure is a ``ServerError`` with a Neo4j security code.
    ///
    /// A password login for a locked principal, or any login from an address that has used up
    /// its failures, fails with `AuthenticationRateLimit` before any provider is called. Each
    /// outcome is written to the security log with the origin's fields.
    public func authenticate(_ token: AuthToken, origin: LoginOrigin = .local, logger: Logger) async throws -> Identity
    {
        guard policy.authenticationEnabled else {
            logger.debug("authentication disabled; acting as admin")
            return .authenticationDisabled
        }
        let scheme = schemeName(token)
        do {
            try throttle.checkAddress(origin.address)
        } catch {
            let failure = Self.rateLimited(error, lockoutSeconds: throttle.limits.lockoutSeconds)
            logger.debug("login rejected: too many failures from this address")
            recordFailure(failure, scheme: scheme, principal: nil, provider: nil, origin: origin)
            throw failure
        }
        let credential: Credential
        do {
            credential = try registry.credential(for: token, policy: policy)
        } catch {
            recordFailure(error, scheme: scheme, principal: nil, provider: nil, origin: origin)
            throw error
        }
        if case .anonymous = credential {
            logger.debug("anonymous login accepted")
            recordSuccess(Identity.anonymous, scheme: scheme, origin: origin)
            return .anonymous
        }
        let principal: String?
        if case .password(let name, _) = credential { principal = name } else { principal = nil }

        var shared: SharedLoginFailures?
        if let principal, let sharedLimits, throttle.limits.maximumFailedAttempts > 0 {
            shared = await sharedLimits.current(principal)
        }
        let attempt: LoginThrottle.Attempt
        do {
            attempt = try await throttle.start(principal: principal, address: origin.address, shared: shared)
        } catch {
            let failure = Self.rateLimited(error, lockoutSeconds: throttle.limits.lockoutSeconds)
            logger.debug(
                "login rejected: \(error == .principalLocked ? "principal locked" : "too many failures from this address")",
                metadata: ["auth.credential": "\(credential)"]
            )
            recordFailure(failure, scheme: scheme, principal: principal, provider: nil, origin: origin)
            throw failure
        }
        do {
            let (identity, provider) = try await verify(credential, logger: logger)
            throttle.finish(attempt, outcome: .succeeded)
            if let principal, let sharedLimits, let shared, shared.failures > 0 { await sharedLimits.reset(principal) }
            recordSuccess(identity, scheme: scheme, origin: origin, provider: provider)
            return identity
        } catch {
            let failure = error
            let counted = Self.counts(failure.error)
            var sharedAfter: SharedLoginFailures?
            if counted, let principal, let sharedLimits, throttle.limits.maximumFailedAttempts > 0 {
                // Recorded before the local count changes, so attempts waiting here see the lock.
                sharedAfter = await sharedLimits.recordFailure(principal)
            }
            let change = throttle.finish(attempt, outcome: counted ? .failed : .notCounted, shared: sharedAfter)
            recordFailure(
                failure.error,
                scheme: scheme,
                principal: principal,
                provider: failure.provider,
                origin: origin
            )
            if change == .principalLocked, let principal {
                logger.debug("principal locked after repeated failures", metadata: ["auth.principal": principal])
                audit.record(
                    SecurityEvent(
                        .principalLocked,
                        [
                            "principal": .string(principal),
                            "failures": .integer(Int64(throttle.limits.maximumFailedAttempts)),
                            "lockout_seconds": .integer(throttle.limits.lockoutSeconds),
                        ]
                    ).with(origin)
                )
            }
            throw failure.error
        }
    }

    /// A provider's rejection, with the name of the provider that rejected, or nil when none knew
    /// the credential.
    private struct ProviderFailure: Error {
        let error: ServerError
        let provider: String?
    }

    /// Asks the providers in order; returns the identity and the name of the provider that accepted.
    private func verify(_ credential: Credential, logger: Logger) async throws(ProviderFailure) -> (Identity, String) {
        for provider in providers {
            do {
                if let identity = try await provider.authenticate(credential, logger: logger) {
                    logger.debug(
                        "login accepted",
                        metadata: ["auth.provider": provider.name, "auth.principal": identity.principal]
                    )
                    return (identity, provider.name)
                }
            } catch {
                let failure = ServerError.wrapping(error)
                logger.debug(
                    "login rejected",
                    metadata: [
                        "auth.provider": provider.name, "auth.credential": "\(credential)",
                        "auth.reason": failure.status.code,
                    ]
                )
                throw ProviderFailure(error: failure, provider: provider.name)
            }
        }
        logger.debug("no provider accepted the credential", metadata: ["auth.credential": "\(credential)"])
        throw ProviderFailure(error: ServerError.invalidCredentials, provider: nil)
    }

    /// True for the failures that count toward the limits: a wrong password, an unknown user or
    /// an invalid token. A directory that is down or slow is no guess by the client.
    private static func counts(_ error: ServerError) -> Bool { error.status == .unauthorized }

    /// Writes an `authentication_failure` entry for credentials that could not even be decoded,
    /// such as an HTTP `Authorization` header that is not valid Basic or Bearer.
    public func recordUndecodable(_ error: ServerError, origin: LoginOrigin) {
        recordFailure(error, scheme: "unsupported", principal: nil, provider: nil, origin: origin)
    }

    /// Neo4j's rate-limit error; HTTP turns it into 429.
    static func rateLimited(_ refusal: LoginThrottle.Refusal, lockoutSeconds: Int64) -> ServerError {
        switch refusal {
        case .principalLocked:
            ServerError(
                .authenticationRateLimit,
                "The client has provided incorrect authentication details too many times in a row. "
                    + "Please wait \(lockoutSeconds) seconds and try again."
            )
        case .addressLimited:
            ServerError(
                .authenticationRateLimit,
                "Too many failed authentication attempts from this address; wait a minute and try again."
            )
        }
    }

    /// Returns the token's scheme for the security log: a registered name, `absent`, or
    /// `unsupported` for any other value, so a client cannot write text of its choice there.
    private func schemeName(_ token: AuthToken) -> String {
        switch token.scheme {
        case .string(let name): registry.names.contains(name) ? name : "unsupported"
        case .absent: "absent"
        case .invalid: "unsupported"
        }
    }

    private func recordSuccess(_ identity: Identity, scheme: String, origin: LoginOrigin, provider: String? = nil) {
        guard audit.isEnabled else { return }
        var fields: [String: SecurityEvent.Field] = [
            "principal": .string(identity.principal), "scheme": .string(scheme),
            "provider": .string(provider ?? identity.provider), "roles": .strings(identity.roles),
        ]
        if identity.credentialsExpired { fields["credentials_expired"] = true }
        audit.record(SecurityEvent(.authenticationSuccess, fields).with(origin))
    }

    private func recordFailure(
        _ error: any Error,
        scheme: String,
        principal: String?,
        provider: String?,
        origin: LoginOrigin
    ) {
        guard audit.isEnabled else { return }
        let failure = ServerError.wrapping(error)
        var fields: [String: SecurityEvent.Field] = [
            "scheme": .string(scheme), "reason": .string(Self.reasonClass(failure)),
            "code": .string(failure.status.code),
        ]
        if let principal { fields["principal"] = .string(principal) }
        if let provider { fields["provider"] = .string(provider) }
        audit.record(SecurityEvent(.authenticationFailure, fields).with(origin))
    }

    /// Returns a short class of failure for the security log, which reveals no more than the client's own error.
    static func reasonClass(_ error: ServerError) -> String {
        switch error.status {
        case .unauthorized: "invalid_credentials"
        case .tokenExpired: "token_expired"
        case .authenticationRateLimit: "rate_limited"
        case .authProviderTimeout: "provider_timeout"
        case .authProviderFailed: "provider_failure"
        default: String(error.status.code.split(separator: ".").last ?? "error")
        }
    }

    /// Empties every provider's login cache.
    public func clearCaches() {
        for provider in providers { provider.clearCache() }
    }

    /// Re-checks an identity before a request: expiry first, then its provider's own checks.
    public func revalidate(_ identity: Identity) async throws -> Identity {
        if let expiresAt = identity.expiresAt, clock() >= expiresAt {
            throw ServerError(.tokenExpired, "The token has expired; log in again with a fresh one.")
        }
        if let expiresAt = identity.authorizationExpiresAt, clock() >= expiresAt {
            throw ServerError(
                .authorizationExpired,
                "The roles of this login have expired; log in again so they are looked up afresh."
            )
        }
        guard let provider = providers.first(where: { $0.name == identity.provider }) else { return identity }
        return try await provider.revalidate(identity)
    }
}
