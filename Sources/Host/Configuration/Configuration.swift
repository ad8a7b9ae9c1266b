/// The server's settings, from `NORNICDB_*` environment variables and `serve` flags.
///
/// Flags win over environment variables. Every accepted setting takes effect; an invalid value
/// stops start-up with a ``ConfigurationError`` naming the variable.
public struct Configuration: Sendable {
    /// The choice made by `NORNICDB_AUTH`.
    public enum InitialAuth: Sendable, Equatable, CustomStringConvertible {
        /// Unset: create `admin` with a random password if no admin exists.
        case generated
        /// `user:password` or `user/password`: create that admin on first start.
        case admin(user: String, password: Secret)
        /// `none`: authentication off; every connection acts as admin.
        case disabled

        public var description: String {
            switch self {
            case .generated: "generated"
            case .admin(let user, _): "admin(\(user))"
            case .disabled: "none"
            }
        }
    }

    public var dataDirectory = "./data"
    public var address = "127.0.0.1"
    public var boltPort: UInt16 = 7687
    public var httpPort: UInt16 = 7474
    public var defaultDatabase = "nornic"
    public var initialAuth = InitialAuth.generated
    public var jwtSecret: Secret?
    /// Earlier JWT secrets that still verify tokens but sign none, for rotating ``jwtSecret``.
    public var jwtPreviousSecrets: [Secret] = []
    /// The lifetime of login tokens issued by the HTTP API, in seconds.
    public var tokenLifetimeSeconds: Int64 = 86_400
    public var boltRequireAuth = true
    public var boltAllowAnonymous = false
    /// The maximum time a transaction may run, in seconds, unless the client requests less; 0 for no limit.
    public var transactionTimeoutSeconds: Int64 = 300
    /// Seconds an open HTTP API transaction may stay idle before the server rolls it back.
    public var httpTransactionIdleTimeoutSeconds: Int64 = 30
    /// The maximum size of an HTTP API request body, in bytes.
    public var httpMaximumRequestBytes = 10_485_760
    public var logLevel = Logger.Level.info
    public var authDebug = false
    /// The password providers in the order they are asked: `local`, `ldap`, `pam`.
    public var authProviders = ["local"]
    /// How long an external provider's login stays cached, in seconds; 0 turns the cache off.
    public var authCacheTTLSeconds: Int64 = 600
    public var authCacheMaximumEntries = 10_000
    public var ldap = LDAPSettings()
    public var pam = PAMSettings()
    /// The failed-login limits per user and per client address.
    public var loginLimits = LoginLimits()
    /// True when the security log is kept.
    public var auditEnabled = true
    /// The security log's file; nil writes the log to the main log.
    public var auditLogPath: String?
    public var tls = TLSSettings()
    public var limits = LimitSettings()
    public var testProcedures = TestProcedureSettings()
    /// The storage of graphs and accounts (`NORNICDB_STORAGE_URL`).
    public var storage = StorageSettings.sqlite(directory: nil)
    /// Cluster membership (`NORNICDB_CLUSTER_*`); off unless a node id is set.
    public var cluster = ClusterSettings()

    public init() {}

    /// The policy the authenticator applies, derived from the auth and anonymous settings.
    public var authPolicy: AuthPolicy {
        AuthPolicy(
            authenticationEnabled: initialAuth != .disabled,
            allowAnonymous: boltAllowAnonymous || !boltRequireAuth
        )
    }
}

/// A setting with an invalid value; the message names the variable, the problem and the form.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
