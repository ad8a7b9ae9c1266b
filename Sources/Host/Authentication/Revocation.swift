/// The record that a bearer token was revoked before it expired.
public struct Revocation: Sendable, Equatable {
    /// The token's `jti`.
    public var tokenID: String
    /// The token's expiry in seconds since the epoch, after which the record may be discarded.
    /// Nil keeps the record forever, for a token that never expires or whose expiry is unknown.
    public var expiresAt: Int64?
    /// When the token was revoked, in seconds since the epoch.
    public var revokedAt: Int64

    public init(tokenID: String, expiresAt: Int64?, revokedAt: Int64) {
        self.tokenID = tokenID
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// Durable storage for revocations. Calls block; ``RevocationList`` runs them on a blocking pool.
public protocol RevocationRepository: Sendable {
    func loadRevocations() throws -> [Revocation]
    func loadRevocation(tokenID: String) throws -> Revocation?
    /// Stores the revocation, durably on return. When one with the same token id exists, the
    /// stored record keeps the earlier `revokedAt` and the later `expiresAt`, where nil is latest.
    func saveRevocation(_ revocation: Revocation) throws
    /// Deletes the revocations whose `expiresAt` is earlier than `time`; those without an
    /// expiry are kept.
    func deleteRevocations(expiredBefore time: Int64) throws
}

extension RevocationRepository {
    /// Returns the revocation of `tokenID`, or nil; this default loads every revocation.
    public func loadRevocation(tokenID: String) throws -> Revocation? {
        try loadRevocations().first { $0.tokenID == tokenID }
    }
}
