internal import CPAM
public import Host

/// The `pam` identity provider: user name and password checked by the host's PAM stack,
/// roles from the user's Unix groups.
///
/// PAM is called only for a non-empty password. Each login runs `pam_authenticate` and then
/// `pam_acct_mgmt`, so expired, locked or refused accounts cannot log in, on the provider's
/// own ``BlockingPool`` with at most ``PAMConfiguration/timeoutSeconds`` of waiting. Logins
/// are never cached, so one-time password stacks see every login.
///
/// Outcomes: a user unknown to the stack returns nil, so the next provider may try. A wrong
/// password, a refused account or a user outside the required group throws `Unauthorized`,
/// which does not say which step failed. A timeout throws `AuthProviderTimeout`, and a stack
/// that cannot check logins at all throws `AuthProviderFailed`. The reason goes to the
/// login's logger: at debug level, or as a warning when the stack or its prompts are broken.
public final class PAMProvider: IdentityProvider {
    public let name = "pam"
    /// The maximum size in bytes of a user name passed to PAM; longer names are unknown users.
    /// It leaves room for SSSD names such as `user@domain`.
    static let maximumNameBytes = 256

    private let configuration: PAMConfiguration
    private let pool: BlockingPool
    private let authorizationLifetimeSeconds: Int64
    private let clock: @Sendable () -> Int64

    /// - Parameter authorizationLifetimeSeconds: how long an open connection keeps the roles of
    ///   its login before its next request fails with `AuthorizationExpired` and the driver logs
    ///   in again; 0 for the whole connection.
    public init(
        configuration: PAMConfiguration,
        authorizationLifetimeSeconds: Int64 = 0,
        clock: @escaping @Sendable () -> Int64 = { UnixTime.now() }
    ) {
        self.configuration = configuration
        self.authorizationLifetimeSeconds = authorizationLifetimeSeconds
        self.clock = clock
        pool = BlockingPool(name: "pam", threadCount: configuration.maximumConcurrent)
    }

    /// Stops the threads once running logins finish.
    public func shutdown() {
        pool.shutdown()
    }

    /// Waits until the logins running at ``shutdown()`` have ended, or until `deadline`; blocks.
    /// - Returns: false if one was still running at the deadline.
    public func waitUntilStopped(until deadline: ContinuousClock.Instant) -> Bool {
        pool.waitUntilStopped(until: deadline)
    }

    public func authenticate(_ credential: Credential) async throws -> Identity? {
        try await authenticate(credential, logger: Logger(label: "pam", level: .error))
    }

    public func authenticate(_ credential: Credential, logger: Logger) async throws -> Identity? {
        guard case .password(let principal, let password) = credential else { return nil }
        guard !principal.isEmpty, principal.utf8.count <= Self.maximumNameBytes, !principal.utf8.contains(0) else {
            logger.debug("pam: user name not passed to PAM (empty, too long or has a NUL)")
            return nil
        }
        guard !password.isEmpty else {
            // Some stacks accept an empty password (pam_unix with nullok, pam_permit).
            logger.debug("pam: empty password rejected without calling PAM", metadata: ["auth.principal": principal])
            throw ServerError.invalidCredentials
        }
        // PAM_MAX_RESP_SIZE in Linux-PAM's pam_appl.h is the longest response a module expects.
        guard password.reveal().utf8.count <= Int(PAM_MAX_RESP_SIZE) else {
            logger.debug(
                "pam: password longer than \(PAM_MAX_RESP_SIZE) bytes rejected without calling PAM",
                metadata: ["auth.principal": principal]
            )
            throw ServerError.invalidCredentials
        }
        guard !password.reveal().utf8.contains(0) else {
            logger.debug(
                "pam: password with a NUL byte rejected without calling PAM",
                metadata: ["auth.principal": principal]
            )
            throw ServerError.invalidCredentials
        }
        let (outcome, membership) = try await logIn(principal, password: password, logger: logger)
        switch outcome {
        case .unknownUser(let failure):
            logger.debug("pam: unknown user: \(failure)", metadata: ["auth.principal": principal])
            return nil
        case .rejected(let failure):
            if failure.unansweredPrompts > 0 {
                // Every login with this stack fails the same way: the operator must see it.
                logger.warning("pam: login rejected: \(failure)", metadata: ["auth.principal": principal])
            } else {
                logger.debug("pam: login rejected: \(failure)", metadata: ["auth.principal": principal])
            }
            throw ServerError.invalidCredentials
        case .unavailable(let failure):
            logger.warning(
                "pam: login could not be checked: \(failure)",
                metadata: ["auth.principal": principal, "pam.service": configuration.service]
            )
            throw ServerError(.authProviderFailed, "The PAM stack could not check the login; try again later.")
        case .authenticated(let user):
            return try identity(of: user, membership: membership, principal: principal, logger: logger)
        }
    }

    /// Builds the identity of a user PAM accepted, checking the required group.
    private func identity(
        of user: String,
        membership: UnixGroups.Membership?,
        principal: String,
        logger: Logger
    ) throws -> Identity {
        let groups = membership?.names ?? []
        var metadata = ["auth.principal": principal, "pam.user": user, "pam.groups": "\(groups.sorted())"]
        if membership?.userFound == false {
            metadata["pam.note"] = "no passwd entry for the user, so no groups"
        }
        if let unresolved = membership?.unresolved, !unresolved.isEmpty {
            metadata["pam.unresolved_gids"] = "\(unresolved)"
        }
        if let required = configuration.requiredGroup, !groups.contains(required) {
            logger.debug("pam: user is not in the required group \(required)", metadata: metadata)
            throw ServerError.invalidCredentials
        }
        let roles = configuration.roles(forGroups: groups)
        metadata["auth.roles"] = "\(roles)"
        logger.debug("pam: login accepted", metadata: metadata)
        let expiresAt = authorizationLifetimeSeconds > 0 ? clock() + authorizationLifetimeSeconds : nil
        return Identity(principal: user, roles: roles, provider: name, authorizationExpiresAt: expiresAt)
    }

    /// Runs the PAM transaction and the group lookup on the pool, within the login timeout.
    private func logIn(
        _ principal: String,
        password: Secret,
        logger: Logger
    ) async throws -> (PAMLoginOutcome, UnixGroups.Membership?) {
        let service = configuration.service
        let deadline = ContinuousClock.now + .seconds(configuration.timeoutSeconds)
        // TODO: set PAM_RHOST to the client's address once Credential carries it, so modules
        // such as pam_access can check where a login comes from.
        let result = try await pool.run(until: deadline) { () -> (PAMLoginOutcome, UnixGroups.Membership?) in
            let outcome = PAMTransaction.login(service: service, user: principal, password: password.reveal())
            guard case .authenticated(let user) = outcome else { return (outcome, nil) }
            return (outcome, UnixGroups.membership(of: user))
        }
        guard let result else {
            // NOTE: a PAM call cannot be interrupted, so it keeps its pool thread until the stack
            // returns, and a stack that hangs for good keeps the thread for good. When every
            // thread is taken, further logins wait in the queue and time out too.
            logger.warning(
                "pam: login timed out after \(configuration.timeoutSeconds)s",
                metadata: ["auth.principal": principal, "pam.service": service]
            )
            throw ServerError(
                .authProviderTimeout,
                "The PAM stack did not answer within \(configuration.timeoutSeconds) seconds."
            )
        }
        return result
    }
}
