public import GraphValue

/// The credentials a client presented, decoded from a Bolt auth map or an HTTP header.
///
/// Fields keep the client's types, so a scheme can reject a principal that is not a string
/// with Neo4j's exact message. The credentials are wrapped as a ``Secret`` at once.
public struct AuthToken: Sendable, CustomStringConvertible {
    public enum Field: Sendable, Equatable {
        case absent
        case string(String)
        /// The client sent a value of another type; the payload is its Cypher type name.
        case invalid(typeName: String)
    }

    public var scheme: Field
    public var principal: Field
    /// The credentials, absent when the key was missing; a non-string value becomes `invalid`.
    public var credentials: Secret?
    public var credentialsTypeName: String?
    public var realm: String?

    public init(scheme: Field, principal: Field, credentials: Secret?, realm: String? = nil) {
        self.scheme = scheme
        self.principal = principal
        self.credentials = credentials
        self.realm = realm
    }

    /// Decodes a Bolt HELLO or LOGON map; keys other than the auth keys are ignored.
    public init(boltFields fields: [String: Value]) {
        func field(_ key: String) -> Field {
            switch fields[key] {
            case nil, .null?: .absent
            case .string(let text)?: .string(text)
            case let value?: .invalid(typeName: value.typeName)
            }
        }
        self.scheme = field("scheme")
        self.principal = field("principal")
        switch fields["credentials"] {
        case nil, .null?:
            self.credentials = nil
        case .string(let text)?:
            self.credentials = Secret(text)
        case let value?:
            self.credentials = nil
            self.credentialsTypeName = value.typeName
        }
        if case .string(let realm)? = fields["realm"] { self.realm = realm }
    }

    public static func basic(principal: String, password: String) -> AuthToken {
        AuthToken(scheme: .string("basic"), principal: .string(principal), credentials: Secret(password))
    }

    public static func bearer(_ token: String) -> AuthToken {
        AuthToken(scheme: .string("bearer"), principal: .absent, credentials: Secret(token))
    }

    public static let empty = AuthToken(scheme: .absent, principal: .absent, credentials: nil)

    public var description: String {
        "AuthToken(scheme: \(scheme), principal: \(principal), credentials: \(credentials == nil ? "absent" : "********"))"
    }
}

/// What a scheme turns a token into: the input an identity provider verifies.
public enum Credential: Sendable, CustomStringConvertible {
    case password(principal: String, password: Secret)
    case bearer(token: Secret)
    case anonymous

    public var description: String {
        switch self {
        case .password(let principal, _): "password(principal: \(principal))"
        case .bearer: "bearer"
        case .anonymous: "anonymous"
        }
    }
}
