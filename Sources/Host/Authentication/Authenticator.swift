/// The path from a client's token to an ``Identity``: scheme, then the provider chain.
///
/// Bolt and HTTP both call this; it is the one place where the anonymous and
/// authentication-disabled rules apply.
public struct Authenticator: Sendable {
    public let registry: AuthSchemeRegistry
    public let providers: [any IdentityProvider]
    public let policy: AuthPolicy
    private let clock: @Sendable () -> Int64

    public init(
        registry: AuthSchemeRegistry = .standard,
        providers: [any IdentityProvider],
        policy: AuthPolicy,
        clock: @escaping @Sendable () -> Int64 = { UnixTime.now() }
    ) {
        self.registry = registry
        self.providers = providers
        self.policy = policy
        self.clock = clock
    }

    /// Authenticates a token; every failure is a ``ServerError`` with a Neo4j security code.
    public func authenticate(_ token: AuthToken, logger: Logger) async throws -> Identity {
        guard policy.authenticationEnabled else {
            logger.debug("authentication disabled; acting as admin")
            return .authenticationDisabled
        }
        let credential = try registry.credential(for: token, policy: policy)
        if case .anonymous = credential {
            logger.debug("anonymous login accepted")
            return .anonymous
        }
        for provider in providers {
            do {
                if let identity = try await provider.authenticate(credential, logger: logger) {
                    logger.debug(
                        "login accepted",
                        metadata: ["auth.provider": provider.name, "auth.principal": identity.principal]
                    )
                    return identity
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
                throw failure
            }
        }
        logger.debug("no provider accepted the credential", metadata: ["auth.credential": "\(credential)"])
        throw ServerError.invalidCredentials
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
