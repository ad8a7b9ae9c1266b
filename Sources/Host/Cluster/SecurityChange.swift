/// A change to security state that servers sharing one account store announce to each other, so
/// that each drops what it holds in memory for it.
///
/// The wire form, ``payload``, is `<kind>:<id>`: `account:<name>`, `revocation:<token id>` or
/// `auth_cache:all`.
public enum SecurityChange: Sendable, Equatable {
    /// An account was created, changed or dropped.
    case account(name: String)
    /// A token was revoked.
    case revocation(tokenID: String)
    /// An administrator cleared the login caches of the outside identity providers.
    case authCacheCleared

    /// The id that stands for every item of a kind, such as `revocation:*` or `account:*`, sent
    /// when a single id does not fit in a notification. No account name can be `*`.
    public static let everyID = "*"

    public var payload: String {
        switch self {
        case .account(let name): "account:" + name
        case .revocation(let tokenID): "revocation:" + tokenID
        case .authCacheCleared: "auth_cache:all"
        }
    }

    /// Parses a payload; returns nil for an unknown kind or a missing id.
    public init?(payload: String) {
        guard let colon = payload.firstIndex(of: ":") else { return nil }
        let kind = payload[..<colon]
        let id = String(payload[payload.index(after: colon)...])
        guard !id.isEmpty else { return nil }
        switch kind {
        case "account": self = .account(name: id)
        case "revocation": self = .revocation(tokenID: id)
        case "auth_cache": self = .authCacheCleared
        default: return nil
        }
    }
}

/// A store that other servers share and that tells them of changes it did not write itself, such
/// as a cleared auth cache. Calls block.
public protocol SecurityChangeAnnouncer: Sendable {
    func announce(_ change: SecurityChange) throws
}
