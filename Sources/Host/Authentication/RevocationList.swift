internal import Synchronization

/// The revoked token ids, held in memory and backed by a ``RevocationRepository``.
///
/// Lookups take only a mutex and never touch the repository, so every request can check its
/// token. A revocation is written to the repository on the blocking pool before the table
/// changes, so a revocation that has returned survives a restart. Records of tokens that have expired are dropped at start-up and at each
/// revocation, because an expired token is rejected anyway.
public final class RevocationList: Sendable {
    private let revocations: Mutex<[String: Revocation]>
    private let repository: any RevocationRepository
    private let pool: BlockingPool
    private let clock: @Sendable () -> Int64

    /// Deletes the expired records, then loads the rest; call it on the blocking pool or at
    /// start-up.
    ///
    /// - Parameter clock: the current time in seconds since the epoch.
    public init(
        repository: any RevocationRepository,
        pool: BlockingPool,
        clock: @escaping @Sendable () -> Int64 = { UnixTime.now() }
    ) throws {
        let now = clock()
        try repository.deleteRevocations(expiredBefore: now)
        let live = try repository.loadRevocations().filter { !Self.hasExpired($0, at: now) }
        self.revocations = Mutex(Dictionary(live.map { ($0.tokenID, $0) }, uniquingKeysWith: Self.merge))
        self.repository = repository
        self.pool = pool
        self.clock = clock
    }

    /// True when the token with `tokenID` has been revoked.
    public func isRevoked(_ tokenID: String) -> Bool {
        revocations.withLock { $0[tokenID] != nil }
    }

    /// The number of revocations in memory, including expired ones not yet dropped.
    public var count: Int { revocations.withLock { $0.count } }

    /// Revokes the token with `tokenID`, durably, before returning. Revoking a token twice keeps
    /// the earlier revocation time and the later expiry.
    ///
    /// - Parameter expiresAt: the token's expiry, after which the record may be discarded; nil
    ///   keeps the record forever.
    /// - Throws: `InvalidArguments` for an empty token id, or the repository's error, in which
    ///   case the token is not revoked.
    public func revoke(tokenID: String, expiresAt: Int64?) async throws {
        guard !tokenID.isEmpty else { throw ServerError(.invalidArguments, "A token id cannot be empty.") }
        let now = clock()
        var revocation = Revocation(tokenID: tokenID, expiresAt: expiresAt, revokedAt: now)
        if let existing = revocations.withLock({ $0[tokenID] }) {
            revocation = Self.merge(existing, revocation)
        }
        let repository = self.repository
        let record = revocation
        try await pool.run {
            // Pruning here keeps the table small on a server that never restarts. It runs first,
            // so a token revoked after it expired stays recorded until the next start.
            try repository.deleteRevocations(expiredBefore: now)
            try repository.saveRevocation(record)
        }
        revocations.withLock { table in
            table = table.filter { !Self.hasExpired($0.value, at: now) }
            table[tokenID] = table[tokenID].map { Self.merge($0, record) } ?? record
        }
    }

    /// Reads one token's revocation from the repository, after another server sharing it revoked
    /// the token. Blocks: call it on a thread of its own or the blocking pool.
    public func reloadRevocation(tokenID: String) throws {
        guard let loaded = try repository.loadRevocation(tokenID: tokenID) else { return }
        revocations.withLock { table in
            table[tokenID] = table[tokenID].map { Self.merge($0, loaded) } ?? loaded
        }
    }

    /// Reads every revocation again, after revocations may have been missed. Revocations are
    /// never withdrawn, so the loaded ones are merged into the table rather than replacing it.
    public func reloadAllRevocations() throws {
        let now = clock()
        let live = try repository.loadRevocations().filter { !Self.hasExpired($0, at: now) }
        revocations.withLock { table in
            for revocation in live {
                table[revocation.tokenID] = table[revocation.tokenID].map { Self.merge($0, revocation) } ?? revocation
            }
        }
    }

    /// True when the token behind `revocation` is rejected as expired at `now` without help.
    static func hasExpired(_ revocation: Revocation, at now: Int64) -> Bool {
        guard let expiresAt = revocation.expiresAt else { return false }
        return expiresAt < now
    }

    /// Combines two revocations of one token: the earlier revocation time and the later expiry,
    /// where nil (never) is the latest.
    static func merge(_ first: Revocation, _ second: Revocation) -> Revocation {
        let expiresAt: Int64? =
            if let a = first.expiresAt, let b = second.expiresAt { max(a, b) } else { nil }
        return Revocation(
            tokenID: first.tokenID,
            expiresAt: expiresAt,
            revokedAt: min(first.revokedAt, second.revokedAt)
        )
    }
}
