import Host

/// A service account as the commands report it; never its secret or hash.
struct ServiceAccountSummary: Sendable, Equatable {
    let id: String
    let roles: [String]
    let suspended: Bool
    /// The account's creation time in RFC 3339 form; nil when the server's response has none.
    let createdAt: String?
}

/// The service-account operations, offline on a data directory or online through the HTTP API.
///
/// Both implementations apply the server's own rules: the id is a valid account name that no
/// user or service account has yet, the role is built in, and the secret is at least
/// `AccountManager.minimumPasswordLength` characters long.
protocol ServiceAccountStore: Sendable {
    /// Creates a service account that logs in with `id` and `secret`.
    func create(id: String, role: String, secret: Secret) async throws -> ServiceAccountSummary
    /// Returns the service accounts, sorted by id; users are left out.
    func list() async throws -> [ServiceAccountSummary]
    /// Replaces the secret with a newly generated one and returns it. The old secret stops
    /// working at once.
    func rotateSecret(id: String) async throws -> Secret
    /// Deletes the service account.
    func delete(id: String) async throws
}

/// The newly generated secrets of ``ServiceAccountStore/rotateSecret(id:)`` offline.
enum GeneratedSecret {
    /// Random bytes in a generated secret: 256 bits, 43 base64url characters.
    static let byteCount = 32

    static func make() -> Secret { Secret(Crypto.randomToken(byteCount: byteCount)) }
}
