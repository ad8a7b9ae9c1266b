/// One principal's failed-login count and lock, kept where every server sharing the account
/// store sees it, so failures on any server count toward one lock.
///
/// Times are milliseconds since the epoch on the store's clock, so servers whose clocks differ
/// still agree on when a lock ends. The rules match ``LoginThrottle``'s own: a lock starts when
/// the count reaches the maximum, the count starts again when the lock ends, a success resets
/// it, and a count whose last failure is older than the failure memory is forgotten.
public struct LoginFailureRecord: Sendable, Equatable {
    public var failures: Int
    public var lastFailureAt: Int64
    public var lockedUntil: Int64?

    public init(failures: Int = 0, lastFailureAt: Int64 = 0, lockedUntil: Int64? = nil) {
        self.failures = failures
        self.lastFailureAt = lastFailureAt
        self.lockedUntil = lockedUntil
    }

    /// The failure memory of ``LoginThrottle``, in milliseconds.
    public static let failureMemoryMilliseconds = LoginThrottle.failureMemoryNanoseconds / 1_000_000

    /// Returns the record as it applies at `now`: an ended lock and a forgotten count are gone.
    public func current(at now: Int64) -> LoginFailureRecord {
        var record = self
        if let lockedUntil = record.lockedUntil, lockedUntil <= now {
            record.lockedUntil = nil
            record.failures = 0
        }
        if record.lockedUntil == nil, record.failures > 0, now - record.lastFailureAt >= Self.failureMemoryMilliseconds
        {
            record.failures = 0
        }
        return record
    }

    /// Returns the record with one more failure at `now`, locked if the count reaches
    /// `limits.maximumFailedAttempts`. A failure during a lock is counted but does not extend it.
    public func addingFailure(at now: Int64, limits: LoginLimits) -> LoginFailureRecord {
        var record = current(at: now)
        record.failures += 1
        record.lastFailureAt = now
        if record.lockedUntil == nil, limits.maximumFailedAttempts > 0, record.failures >= limits.maximumFailedAttempts
        {
            record.lockedUntil = now + limits.lockoutSeconds * 1000
        }
        return record
    }

    /// The milliseconds left of the lock at `now`; 0 when not locked.
    public func lockRemaining(at now: Int64) -> Int64 {
        guard let lockedUntil, lockedUntil > now else { return 0 }
        return lockedUntil - now
    }
}

/// The state of a shared count as one server reads or writes it.
public struct SharedLoginFailures: Sendable, Equatable {
    public var failures: Int
    /// Milliseconds left of the lock; 0 when the principal is not locked.
    public var lockRemainingMilliseconds: Int64
    /// True when the call that returned this state started the lock.
    public var lockedByThisCall: Bool

    public init(failures: Int, lockRemainingMilliseconds: Int64, lockedByThisCall: Bool = false) {
        self.failures = failures
        self.lockRemainingMilliseconds = lockRemainingMilliseconds
        self.lockedByThisCall = lockedByThisCall
    }
}

/// Storage of ``LoginFailureRecord``s shared by servers. Calls block and each is atomic.
public protocol LoginFailureRepository: Sendable {
    /// Returns the principal's count and lock as they apply now.
    func loginFailures(forKey key: String) throws -> SharedLoginFailures
    /// Adds one failure under a row lock, so concurrent failures on several servers all count.
    func recordLoginFailure(forKey key: String, limits: LoginLimits) throws -> SharedLoginFailures
    /// Sets the count to 0 after a successful login; a lock stays until it ends.
    func resetLoginFailures(forKey key: String) throws
}
