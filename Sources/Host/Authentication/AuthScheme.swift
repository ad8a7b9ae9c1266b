/// How the server treats authentication when choosing a scheme.
public struct AuthPolicy: Sendable {
    /// False when `NORNICDB_AUTH=none`: every token is accepted and acts as admin.
    public var authenticationEnabled: Bool
    /// True when a connection without credentials may act as the `anonymous` viewer.
    public var allowAnonymous: Bool

    public init(authenticationEnabled: Bool = true, allowAnonymous: Bool = false) {
        self.authenticationEnabled = authenticationEnabled
        self.allowAnonymous = allowAnonymous
    }
}

/// An authentication scheme: turns a client's ``AuthToken`` into a ``Credential``.
///
/// A scheme checks only the token's shape; providers check the secret. Register schemes in an
/// ``AuthSchemeRegistry`` at start-up:
///
/// ```swift
/// let registry = AuthSchemeRegistry(schemes: [BasicScheme(), BearerScheme(), NoneScheme()])
/// let credential = try registry.credential(for: token, policy: policy)
/// ```
public protocol AuthScheme: Sendable {
    /// The value of the token's `scheme` key, for example `basic`.
    var name: String { get }

    /// Returns the credential the token carries, or throws `Unauthorized` with Neo4j's message.
    func credential(from token: AuthToken, policy: AuthPolicy) throws(ServerError) -> Credential
}

/// The `basic` scheme: a principal and a password, or an empty principal and a JWT.
public struct BasicScheme: AuthScheme {
    public let name = "basic"
    public init() {}

    public func credential(from token: AuthToken, policy: AuthPolicy) throws(ServerError) -> Credential {
        let principal: String
        switch token.principal {
        case .absent: throw .unsupportedToken("missing key `principal`")
        case .invalid(let type): throw .unsupportedToken(mustBeString: "principal", was: type)
        case .string(let text): principal = text
        }
        if let type = token.credentialsTypeName { throw .unsupportedToken(mustBeString: "credentials", was: type) }
        guard let password = token.credentials else { throw .unsupportedToken("missing key `credentials`") }
        // Cluster nodes present tokens as basic auth with an empty user name.
        if principal.isEmpty { return .bearer(token: password) }
        return .password(principal: principal, password: password)
    }
}

/// The `bearer` scheme: a JWT in `credentials`; any principal is ignored.
public struct BearerScheme: AuthScheme {
    public let name = "bearer"
    public init() {}

    public func credential(from token: AuthToken, policy: AuthPolicy) throws(ServerError) -> Credential {
        if let type = token.credentialsTypeName { throw .unsupportedToken(mustBeString: "credentials", was: type) }
        guard let credentials = token.credentials, !credentials.isEmpty else {
            throw .unsupportedToken("missing key `credentials`")
        }
        return .bearer(token: credentials)
    }
}

/// The `none` scheme: no credentials, accepted only when anonymous access is allowed.
public struct NoneScheme: AuthScheme {
    public let name = "none"
    public init() {}

    public func credential(from token: AuthToken, policy: AuthPolicy) throws(ServerError) -> Credential {
        guard policy.allowAnonymous || !policy.authenticationEnabled else {
            throw .unsupportedToken("scheme 'none' is only allowed when auth is disabled.", withComma: true)
        }
        return .anonymous
    }
}

extension ServerError {
    /// Neo4j's "Unsupported authentication token, …" rejection.
    static func unsupportedToken(_ detail: String, withComma: Bool = true) -> ServerError {
        ServerError(.unauthorized, "Unsupported authentication token, \(detail)")
    }

    static func unsupportedToken(mustBeString key: String, was type: String) -> ServerError {
        unsupportedToken("the value associated with the key `\(key)` must be a String but was: \(type)")
    }
}
