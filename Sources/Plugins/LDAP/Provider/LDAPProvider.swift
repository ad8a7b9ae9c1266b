internal import Foundation
public import Host

/// The `ldap` identity provider: user name and password checked by binding to a directory,
/// roles from the directory's groups.
///
/// The directory is contacted only for a non-empty password. Each login runs on the
/// provider's own ``BlockingPool`` with at most ``LDAPConfiguration/loginTimeoutSeconds`` of
/// waiting, so a slow directory delays only its own logins. Successful logins are cached in a
/// ``CredentialCache``.
///
/// Outcomes: an unknown user returns nil, so the next provider may try; a wrong password, or
/// a user outside the required group, throws `Unauthorized`; a timeout throws
/// `AuthProviderTimeout`; any other directory failure throws `AuthProviderFailed`.
public final class LDAPProvider: IdentityProvider {
    public let name = "ldap"
    /// Maximum length in bytes of a user name sent to the directory; longer names are unknown users.
    static let maximumNameBytes = 512

    private let configuration: LDAPConfiguration
    private let directory: LDAPDirectory
    private let pool: BlockingPool
    private let cache: CredentialCache

    public init(configuration: LDAPConfiguration, cache: CredentialCache) {
        self.configuration = configuration
        directory = LDAPDirectory(configuration: configuration)
        pool = BlockingPool(name: "ldap", threadCount: configuration.maximumConnections)
        self.cache = cache
    }

    /// Closes the kept connections and stops the threads once running logins finish.
    public func shutdown() {
        directory.pool.drain()
        pool.shutdown()
    }

    /// Waits until the logins running at ``shutdown()`` have ended, or until `deadline`; blocks.
    /// - Returns: false if one was still running at the deadline.
    public func waitUntilStopped(until deadline: ContinuousClock.Instant) -> Bool {
        pool.waitUntilStopped(until: deadline)
    }

    public func authenticate(_ credential: Credential) async throws -> Identity? {
        try await authenticate(credential, logger: Logger(label: "ldap", level: .error))
    }

    public func authenticate(_ credential: Credential, logger: Logger) async throws -> Identity? {
        guard case .password(let principal, let password) = credential else { return nil }
        guard !password.isEmpty else {
            // An empty password would make an unauthenticated bind, which some servers accept.
            logger.debug("ldap: empty password rejected without contacting the directory")
            throw ServerError.invalidCredentials
        }
        guard let principal = Self.canonicalName(principal) else {
            logger.debug("ldap: user name not sent to the directory (too long, surrounding spaces or a NUL)")
            return nil
        }
        if let cached = cache.identity(for: principal, password: password) {
            logger.debug("ldap: cache hit", metadata: ["auth.principal": principal, "auth.roles": "\(cached.roles)"])
            return cached
        }
        let outcome = try await lookUp(principal, password: password, logger: logger)
        switch outcome {
        case .unknownUser:
            logger.debug("ldap: unknown user", metadata: ["auth.principal": principal])
            return nil
        case .wrongPassword:
            // The cached entry stays: a wrong password must not let anyone evict another
            // user's login, and it never matches the entry anyway.
            logger.debug("ldap: wrong password", metadata: ["auth.principal": principal])
            throw ServerError.invalidCredentials
        case .authenticated(let dn, let groups):
            if let required = configuration.requiredGroup, !groups.contains(required) {
                logger.debug(
                    "ldap: user is not in the required group",
                    metadata: ["auth.principal": principal, "ldap.dn": dn]
                )
                throw ServerError.invalidCredentials
            }
            let mapped = configuration.mapping.roles(forGroups: groups)
            let roles = mapped.isEmpty ? [configuration.defaultRole] : mapped
            logger.debug(
                "ldap: login accepted",
                metadata: [
                    "auth.principal": principal, "ldap.dn": dn, "ldap.groups": "\(groups.sorted())",
                    "auth.roles": "\(roles)",
                ]
            )
            let identity = Identity(principal: principal, roles: roles, provider: name)
            return cache.store(identity, for: principal, password: password)
        }
    }

    public func clearCache() {
        cache.clear()
    }

    /// Returns the name a directory login is known by. Directories match user names without regard to
    /// case or Unicode compatibility forms, so `Alice`, `ａｌｉｃｅ` and `alice` are one user, with one
    /// cache entry and one principal: the name after NFKC normalization, in lower case. Names
    /// with surrounding spaces (which directories also ignore), a NUL, or more than
    /// ``maximumNameBytes`` bytes are not sent; nil for those.
    static func canonicalName(_ name: String) -> String? {
        guard name.utf8.count <= maximumNameBytes, !name.utf8.contains(0) else { return nil }
        guard let first = name.first, let last = name.last, !first.isWhitespace, !last.isWhitespace else {
            return nil
        }
        return name.precomposedStringWithCompatibilityMapping.lowercased()
    }

    /// Runs the directory steps on the pool, within the login timeout.
    private func lookUp(_ principal: String, password: Secret, logger: Logger) async throws -> LDAPLoginOutcome {
        let directory = directory
        let uris = configuration.connection.uris
        let trace: @Sendable (String) -> Void = { step in logger.debug("ldap: \(step)", metadata: ["ldap.uris": uris]) }
        let deadline = ContinuousClock.now + .seconds(configuration.loginTimeoutSeconds)
        let interrupt = LDAPInterrupt()
        let result: LDAPLoginOutcome?
        do {
            result = try await pool.run(until: deadline) {
                try directory.login(principal, password: password.reveal(), interrupt: interrupt, trace: trace)
            }
        } catch let failure as LDAPFailure {
            throw reject(failure, principal: principal, logger: logger)
        }
        guard let result else {
            // The call may still be blocked on a silent server: end it, so the thread comes back.
            interrupt.interrupt()
            throw reject(
                .timeout("no answer within \(configuration.loginTimeoutSeconds)s"),
                principal: principal,
                logger: logger
            )
        }
        return result
    }

    private func reject(_ failure: LDAPFailure, principal: String, logger: Logger) -> ServerError {
        logger.warning(
            "ldap: login could not be checked: \(failure)",
            metadata: ["auth.principal": principal, "ldap.uris": configuration.connection.uris]
        )
        if case .timeout = failure {
            return ServerError(
                .authProviderTimeout,
                "The LDAP directory did not answer within \(configuration.loginTimeoutSeconds) seconds."
            )
        }
        return ServerError(
            .authProviderFailed,
            "The LDAP directory could not check the login; the server log gives the reason."
        )
    }
}
