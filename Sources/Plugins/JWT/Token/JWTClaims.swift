import JSON

/// The claims of a NornicDB bearer token (RFC 7519 section 4.1 plus `roles`, `local_account`,
/// `issuer_node` and `node_id`).
///
/// Times are NumericDates in whole seconds since the epoch. A token may carry fractional
/// NumericDates, which the verifier rounds in the strict direction: `exp` and `nbf` up, `iat`
/// down. Claims the server does not know are ignored.
public struct JWTClaims: Sendable, Equatable {
    /// `sub`: the principal; never empty.
    public var subject: String
    /// `roles`: role names; unknown names are kept but grant nothing.
    public var roles: [String]
    /// `iat`
    public var issuedAt: Int64?
    /// `exp`: the token is rejected at and after this second.
    public var expiresAt: Int64?
    /// `nbf`: the token is rejected before this second.
    public var notBefore: Int64?
    /// `jti`
    public var tokenID: String?
    /// `iss`
    public var issuer: String?
    /// `aud`: a single string or an array of strings in the token; empty when absent.
    public var audience: [String]
    /// `local_account`: true when the token was issued for a local account. Such a token is
    /// rejected once the account is gone, instead of falling back to the roles it carries.
    public var localAccount: Bool
    /// `issuer_node`: the ``JWTNodeIdentity`` of the server that issued a login token; nil in
    /// other tokens.
    public var issuerNode: String?
    /// `node_id`: the cluster node a cluster token was issued for; nil in other tokens.
    public var nodeID: String?

    public init(
        subject: String,
        roles: [String] = [],
        issuedAt: Int64? = nil,
        expiresAt: Int64? = nil,
        notBefore: Int64? = nil,
        tokenID: String? = nil,
        issuer: String? = nil,
        audience: [String] = [],
        localAccount: Bool = false,
        issuerNode: String? = nil,
        nodeID: String? = nil
    ) {
        self.subject = subject
        self.roles = roles
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.tokenID = tokenID
        self.issuer = issuer
        self.audience = audience
        self.localAccount = localAccount
        self.issuerNode = issuerNode
        self.nodeID = nodeID
    }

    /// The largest NumericDate accepted: 9999-12-31T23:59:59Z. Larger values, like `1e308`,
    /// would overflow `Int64` arithmetic and mean nothing as dates.
    public static let maximumNumericDate: Int64 = 253_402_300_799
}

extension JWTClaims {
    /// Reads the claims from a parsed claims set, checking each claim's type and range.
    init(json members: [String: JSONValue]) throws(JWTRejection) {
        guard case .string(let subject)? = members["sub"], !subject.isEmpty else {
            throw .invalidClaims("the 'sub' claim must be a non-empty string")
        }
        self.init(subject: subject)
        roles = try Self.strings(members["roles"], claim: "roles", allowSingle: false)
        audience = try Self.strings(members["aud"], claim: "aud", allowSingle: true)
        tokenID = try Self.string(members["jti"], claim: "jti")
        issuer = try Self.string(members["iss"], claim: "iss")
        issuerNode = try Self.string(members["issuer_node"], claim: "issuer_node")
        nodeID = try Self.string(members["node_id"], claim: "node_id")
        let times = try Self.times(json: members)
        issuedAt = times.issuedAt
        expiresAt = times.expiresAt
        notBefore = times.notBefore
        switch members["local_account"] {
        case nil: localAccount = false
        case .bool(let flag)?: localAccount = flag
        case .some: throw .invalidClaims("the 'local_account' claim must be a boolean")
        }
    }

    /// The time claims of a claims set, read before the others so expiry is reported first.
    struct Times {
        var issuedAt: Int64?
        var expiresAt: Int64?
        var notBefore: Int64?
    }

    static func times(json members: [String: JSONValue]) throws(JWTRejection) -> Times {
        Times(
            issuedAt: try numericDate(members["iat"], claim: "iat").map { Int64($0.rounded(.down)) },
            expiresAt: try numericDate(members["exp"], claim: "exp").map { Int64($0.rounded(.up)) },
            notBefore: try numericDate(members["nbf"], claim: "nbf").map { Int64($0.rounded(.up)) }
        )
    }

    /// The claims set as JSON text with members in a fixed order, for the signer.
    var jsonText: String {
        var members: [(String, String)] = [("sub", JSONText.string(subject))]
        if !roles.isEmpty { members.append(("roles", JSONText.array(roles))) }
        if let issuer { members.append(("iss", JSONText.string(issuer))) }
        if audience.count == 1 { members.append(("aud", JSONText.string(audience[0]))) }
        if audience.count > 1 { members.append(("aud", JSONText.array(audience))) }
        if let issuedAt { members.append(("iat", String(issuedAt))) }
        if let notBefore { members.append(("nbf", String(notBefore))) }
        if let expiresAt { members.append(("exp", String(expiresAt))) }
        if let tokenID { members.append(("jti", JSONText.string(tokenID))) }
        if localAccount { members.append(("local_account", "true")) }
        if let issuerNode { members.append(("issuer_node", JSONText.string(issuerNode))) }
        if let nodeID { members.append(("node_id", JSONText.string(nodeID))) }
        return "{" + members.map { JSONText.string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    private static func string(_ value: JSONValue?, claim: String) throws(JWTRejection) -> String? {
        switch value {
        case nil: return nil
        case .string(let text)?: return text
        case .some: throw .invalidClaims("the '\(claim)' claim must be a string")
        }
    }

    private static func strings(_ value: JSONValue?, claim: String, allowSingle: Bool) throws(JWTRejection) -> [String]
    {
        switch value {
        case nil:
            return []
        case .string(let text)? where allowSingle:
            return [text]
        case .array(let elements)?:
            var result: [String] = []
            for element in elements {
                guard case .string(let text) = element else {
                    throw .invalidClaims("the '\(claim)' claim must be an array of strings")
                }
                result.append(text)
            }
            return result
        case .some:
            throw .invalidClaims("the '\(claim)' claim must be \(allowSingle ? "a string or " : "")an array of strings")
        }
    }

    /// Reads a NumericDate: a finite, non-negative JSON number no later than ``maximumNumericDate``.
    private static func numericDate(_ value: JSONValue?, claim: String) throws(JWTRejection) -> Double? {
        guard let value else { return nil }
        guard let seconds = value.doubleValue, seconds.isFinite, seconds >= 0,
            seconds <= Double(maximumNumericDate)
        else {
            throw .invalidClaims("the '\(claim)' claim must be a NumericDate between 0 and year 9999")
        }
        return seconds
    }
}
