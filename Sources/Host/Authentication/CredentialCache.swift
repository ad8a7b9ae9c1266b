internal import Synchronization

/// Logins an outside provider has checked, kept for a while so the next login with the same
/// user name and password does not wait for the directory.
///
/// An entry keeps the identity and a salted HMAC of the password under a key made at start-up,
/// never the password. A login with a different password misses, so a password changed in the
/// directory takes effect at once. Roles changed there take effect when the entry expires, or
/// at ``clear()``. With a time to live of 0 the cache stores nothing.
///
/// ```swift
/// let cache = CredentialCache(timeToLiveSeconds: 600, maximumEntries: 10_000)
/// if let identity = cache.identity(for: "alice", password: password) { return identity }
/// let identity = try await directory.login("alice", password)
/// cache.store(identity, for: "alice", password: password)
/// ```
public final class CredentialCache: Sendable {
    private struct Entry {
        var salt: [UInt8]
        var digest: [UInt8]
        var identity: Identity
        var expiresAt: Int64
        /// Insertion order, for evicting the oldest entry when the cache is full.
        var sequence: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var nextSequence: UInt64 = 0
    }

    public let timeToLiveSeconds: Int64
    public let maximumEntries: Int
    private let key = Crypto.randomBytes(32)
    private let state = Mutex(State())
    private let clock: @Sendable () -> Int64

    public init(
        timeToLiveSeconds: Int64,
        maximumEntries: Int,
        clock: @escaping @Sendable () -> Int64 = { UnixTime.now() }
    ) {
        self.timeToLiveSeconds = timeToLiveSeconds
        self.maximumEntries = max(1, maximumEntries)
        self.clock = clock
    }

    public var isEnabled: Bool { timeToLiveSeconds > 0 }

    /// The number of live and expired entries held, for tests and metrics.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Returns the cached identity when `principal` logged in with this password within the
    /// time to live; nil otherwise. The comparison takes the same time for any wrong password.
    public func identity(for principal: String, password: Secret) -> Identity? {
        guard isEnabled else { return nil }
        let now = clock()
        guard let entry = state.withLock({ $0.entries[principal] }), entry.expiresAt > now else { return nil }
        let digest = digest(of: password, salt: entry.salt)
        guard Crypto.constantTimeEqual(digest, entry.digest) else { return nil }
        return entry.identity
    }

    /// Caches a successful login. The stored identity's authorization expires with the entry,
    /// so an open connection looks its roles up again no later than a new login would.
    ///
    /// - Returns: the identity with ``Identity/authorizationExpiresAt`` set when the cache is on,
    ///   else the identity unchanged.
    @discardableResult
    public func store(_ identity: Identity, for principal: String, password: Secret) -> Identity {
        guard isEnabled else { return identity }
        let expiresAt = clock() + timeToLiveSeconds
        var stored = identity
        stored.authorizationExpiresAt = expiresAt
        let salt = Crypto.randomBytes(16)
        let digest = digest(of: password, salt: salt)
        state.withLock { state in
            if state.entries[principal] == nil, state.entries.count >= maximumEntries {
                Self.evict(from: &state, now: expiresAt - timeToLiveSeconds)
            }
            state.entries[principal] = Entry(
                salt: salt,
                digest: digest,
                identity: stored,
                expiresAt: expiresAt,
                sequence: state.nextSequence
            )
            state.nextSequence += 1
        }
        return stored
    }

    /// Forgets one user's entry.
    public func remove(_ principal: String) {
        _ = state.withLock { $0.entries.removeValue(forKey: principal) }
    }

    /// Forgets every entry.
    public func clear() {
        state.withLock { $0.entries.removeAll() }
    }

    private func digest(of password: Secret, salt: [UInt8]) -> [UInt8] {
        Crypto.hmacSHA256(key: key, message: salt + Array(password.reveal().utf8))
    }

    /// Drops the expired entries, or the oldest one when none has expired.
    private static func evict(from state: inout State, now: Int64) {
        let before = state.entries.count
        state.entries = state.entries.filter { $0.value.expiresAt > now }
        guard state.entries.count == before,
            let oldest = state.entries.min(by: { $0.value.sequence < $1.value.sequence })?.key
        else { return }
        state.entries.removeValue(forKey: oldest)
    }
}
