/// The schemes the server accepts, fixed at start-up.
///
/// The registry is a value built once from the full list, so it cannot change while
/// connections read it.
public struct AuthSchemeRegistry: Sendable {
    private let schemes: [String: any AuthScheme]

    /// Builds the registry; a scheme name registered twice is a programming error and traps.
    public init(schemes: [any AuthScheme]) {
        var table: [String: any AuthScheme] = [:]
        for scheme in schemes {
            precondition(table[scheme.name] == nil, "auth scheme '\(scheme.name)' registered twice")
            table[scheme.name] = scheme
        }
        self.schemes = table
    }

    /// The registry with `basic`, `bearer` and `none`.
    public static let standard = AuthSchemeRegistry(schemes: [BasicScheme(), BearerScheme(), NoneScheme()])

    public var names: [String] { schemes.keys.sorted() }

    /// Maps a token to its credential through the scheme it names.
    ///
    /// An empty auth map (no `scheme` key) means "no credentials": it is anonymous when the
    /// policy allows that, and Neo4j's "missing key `scheme`" rejection otherwise.
    public func credential(for token: AuthToken, policy: AuthPolicy) throws(ServerError) -> Credential {
        switch token.scheme {
        case .absent:
            if policy.allowAnonymous || !policy.authenticationEnabled { return .anonymous }
            throw .unsupportedToken("missing key `scheme`")
        case .invalid(let type):
            throw .unsupportedToken(mustBeString: "scheme", was: type)
        case .string(let name):
            guard let scheme = schemes[name] else {
                throw .unsupportedToken("scheme '\(name)' is not supported.")
            }
            return try scheme.credential(from: token, policy: policy)
        }
    }
}
