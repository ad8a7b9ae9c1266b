/// The authenticated principal of a connection or request, with its roles and origin.
public struct Identity: Sendable, Equatable {
    public var principal: String
    public var roles: [String]
    /// The name of the provider that verified the credential: `local`, `jwt`, `anonymous`, `none`.
    public var provider: String
    /// When the identity stops being valid, in seconds since the epoch; nil for never.
    public var expiresAt: Int64?
    /// The `jti` of the token this identity came from, if any.
    public var tokenID: String?
    /// True when the account must change its password before it can do anything else.
    public var credentialsExpired: Bool
    /// The local account this identity acts as; nil when the subject is known only from a token
    /// or an outside directory. A provider's `revalidate` re-reads this account.
    public var accountName: String?
    /// When the roles an outside directory gave must be looked up again, in seconds since the
    /// epoch; nil for never. Past it, the next request fails with `AuthorizationExpired`.
    public var authorizationExpiresAt: Int64?

    public init(
        principal: String,
        roles: [String],
        provider: String,
        expiresAt: Int64? = nil,
        tokenID: String? = nil,
        credentialsExpired: Bool = false,
        accountName: String? = nil,
        authorizationExpiresAt: Int64? = nil
    ) {
        self.principal = principal
        self.roles = roles
        self.provider = provider
        self.expiresAt = expiresAt
        self.tokenID = tokenID
        self.credentialsExpired = credentialsExpired
        self.accountName = accountName
        self.authorizationExpiresAt = authorizationExpiresAt
    }

    public var permissions: PermissionSet { Role.permissions(of: roles) }

    /// The identity of every connection while authentication is turned off.
    public static let authenticationDisabled = Identity(principal: "admin", roles: ["admin"], provider: "none")

    /// The identity of a connection without credentials when anonymous access is allowed.
    public static let anonymous = Identity(principal: "anonymous", roles: ["viewer"], provider: "anonymous")
}

/// Verifies credentials of the kinds it understands and returns who they belong to.
///
/// Providers form a chain in configured order. Returning nil means "not mine": the next
/// provider is asked. Throwing ends the login, so a wrong password at a provider that
/// recognizes the user never falls through to the next one.
///
/// ```swift
/// struct StaticProvider: IdentityProvider {
///     let name = "static"
///     func authenticate(_ credential: Credential) async throws -> Identity? {
///         guard case .password("ops", let password) = credential else { return nil }
///         guard password.reveal() == "expected" else { throw ServerError.invalidCredentials }
///         return Identity(principal: "ops", roles: ["viewer"], provider: name)
///     }
/// }
/// ```
public protocol IdentityProvider: Sendable {
    var name: String { get }

    func authenticate(_ credential: Credential) async throws -> Identity?

    /// Verifies the credential like ``authenticate(_:)``, with the login's logger for providers
    /// that log their steps at debug level. The default calls ``authenticate(_:)``.
    func authenticate(_ credential: Credential, logger: Logger) async throws -> Identity?

    /// Forgets cached logins, for `CALL dbms.security.clearAuthCache()`. The default does nothing.
    func clearCache()

    /// Re-checks an identity this provider issued before a request runs; throws when it is no
    /// longer valid (account dropped or suspended, token revoked). The default keeps it as is.
    func revalidate(_ identity: Identity) async throws -> Identity
}

extension IdentityProvider {
    public func authenticate(_ credential: Credential, logger: Logger) async throws -> Identity? {
        try await authenticate(credential)
    }

    public func clearCache() {}

    public func revalidate(_ identity: Identity) async throws -> Identity { identity }
}

extension ServerError {
    /// Neo4j's rejection of a wrong password or an unknown user, which does not say which it was.
    public static let invalidCredentials = ServerError(
        .unauthorized,
        "The client is unauthorized due to authentication failure."
    )
}
