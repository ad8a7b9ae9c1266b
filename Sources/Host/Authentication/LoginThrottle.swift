internal import Synchronization

/// The failed-login limits: per principal, and per client address.
public struct LoginLimits: Sendable, Equatable {
    /// Consecutive failed password logins after which a principal is locked; 0 turns the lock off.
    public var maximumFailedAttempts: Int
    /// How long a locked principal stays locked, in seconds.
    public var lockoutSeconds: Int64
    /// Failed logins one client address may make per minute; 0 turns the limit off.
    public var maximumFailuresPerAddressPerMinute: Int

    public init(maximumFailedAttempts: Int = 3, lockoutSeconds: Int64 = 5, maximumFailuresPerAddressPerMinute: Int = 60)
    {
        self.maximumFailedAttempts = maximumFailedAttempts
        self.lockoutSeconds = lockoutSeconds
        self.maximumFailuresPerAddressPerMinute = maximumFailuresPerAddressPerMinute
    }

    /// No limits, for tests of the providers themselves.
    public static let unlimited = LoginLimits(maximumFailedAttempts: 0, maximumFailuresPerAddressPerMinute: 0)
}

/// Counts failed logins and refuses attempts while a principal is locked or an address has used
/// up its failures.
///
/// A principal is locked for ``LoginLimits/lockoutSeconds`` after
/// ``LoginLimits/maximumFailedAttempts`` consecutive failures, and refused even with the right
/// password until the lock ends. When it ends the count starts again from zero, so one typo after
/// a lock does not lock the principal again at once. A success resets the count. Principals are
/// compared in lower case, so spellings that a case-insensitive directory treats as one user
/// share one count.
///
/// Attempts in flight count against the limit: a principal has at most as many password checks
/// running as it has failures left, and further attempts wait for one to finish. So no number of
/// concurrent connections gets more guesses before the lock than the limit allows, while the
/// right password from many connections at once only waits briefly.
///
/// Each client address has a budget of failures that refills evenly over a minute; with it spent,
/// the address is refused until the budget refills. The budget is checked when an attempt starts
/// and charged when it fails, so a burst of concurrent attempts can overshoot it by the attempts
/// already in flight.
public final class LoginThrottle: Sendable {
    /// Why an attempt was refused before its credentials were checked.
    public enum Refusal: Sendable, Equatable {
        case principalLocked
        case addressLimited
    }

    /// A started attempt; pass it to ``finish(_:outcome:)`` exactly once.
    public struct Attempt: Sendable {
        let principalKey: String?
        let address: String
    }

    /// How an attempt ended, as far as the limits are concerned.
    public enum Outcome: Sendable {
        case succeeded
        case failed
        /// Neither success nor a wrong password, such as a directory that timed out: not counted.
        case notCounted
    }

    /// What ``finish(_:outcome:)`` changed, for the security log.
    public enum Change: Sendable, Equatable {
        case none
        case principalLocked
    }

    public let limits: LoginLimits
    private let clock: @Sendable () -> Int64
    private let state = Mutex(State())
    /// The most principals and addresses tracked at once; past it the oldest idle entries go.
    private let maximumEntries: Int

    /// Failure counts older than this are forgotten, so occasional typos never add up to a lock.
    static let failureMemoryNanoseconds: Int64 = 15 * 60 * 1_000_000_000
    private static let minuteNanoseconds: Int64 = 60 * 1_000_000_000

    private struct PrincipalState {
        var failures = 0
        var lastFailure: Int64 = 0
        var lockedUntil: Int64?
        var inFlight = 0
        var waiters: [CheckedContinuation<Verdict, Never>] = []

        var isIdle: Bool { failures == 0 && lockedUntil == nil && inFlight == 0 && waiters.isEmpty }
    }

    private struct AddressState {
        /// Failures left, refilled continuously at the per-minute rate.
        var budget: Double
        var updatedAt: Int64
    }

    private struct State {
        var principals: [String: PrincipalState] = [:]
        var addresses: [String: AddressState] = [:]
    }

    /// - Parameter clock: monotonic time in nanoseconds.
    public init(
        limits: LoginLimits,
        maximumEntries: Int = 100_000,
        clock: @escaping @Sendable () -> Int64 = { UnixTime.monotonicNanoseconds() }
    ) {
        self.limits = limits
        self.maximumEntries = maximumEntries
        self.clock = clock
    }

    /// Starts an attempt, waiting while the principal's attempts in flight already use up its
    /// remaining failures.
    ///
    /// - Parameters:
    ///   - principal: the user name of a password login; nil for tokens, which only the address
    ///     limit covers.
    ///   - address: the client's IP address without port.
    /// - Throws: a ``Refusal`` when the principal is locked or the address has no failures left.
    public func start(principal: String?, address: String) async throws(Refusal) -> Attempt {
        let key = principal?.lowercased()
        while true {
            let verdict = await withCheckedContinuation { (continuation: CheckedContinuation<Verdict, Never>) in
                let verdict = state.withLock { decide(key: key, address: address, state: &$0, waiter: continuation) }
                // A waiting continuation is resumed by `finish` once the principal's count changes.
                if verdict != .waiting { continuation.resume(returning: verdict) }
            }
            switch verdict {
            case .admitted: return Attempt(principalKey: key, address: address)
            case .refused(let refusal): throw refusal
            case .waiting: continue
            }
        }
    }

    fileprivate enum Verdict: Equatable, Sendable {
        case admitted
        case refused(Refusal)
        case waiting
    }

    private func decide(
        key: String?,
        address: String,
        state: inout State,
        waiter: CheckedContinuation<Verdict, Never>
    ) -> Verdict {
        let now = clock()
        if limits.maximumFailuresPerAddressPerMinute > 0, refill(address, now: now, state: &state) < 1 {
            return .refused(.addressLimited)
        }
        guard let key, limits.maximumFailedAttempts > 0 else { return .admitted }
        var entry = state.principals[key] ?? PrincipalState()
        if let lockedUntil = entry.lockedUntil {
            if now < lockedUntil { return .refused(.principalLocked) }
            entry.lockedUntil = nil
            entry.failures = 0
        }
        if entry.failures > 0, now - entry.lastFailure >= Self.failureMemoryNanoseconds { entry.failures = 0 }
        if entry.failures + entry.inFlight < limits.maximumFailedAttempts {
            entry.inFlight += 1
            store(entry, for: key, state: &state)
            return .admitted
        }
        entry.waiters.append(waiter)
        store(entry, for: key, state: &state)
        return .waiting
    }

    /// Ends an attempt and records its outcome.
    @discardableResult
    public func finish(_ attempt: Attempt, outcome: Outcome) -> Change {
        let (change, waiters) = state.withLock { state -> (Change, [CheckedContinuation<Verdict, Never>]) in
            let now = clock()
            if case .failed = outcome, limits.maximumFailuresPerAddressPerMinute > 0 {
                let budget = refill(attempt.address, now: now, state: &state)
                state.addresses[attempt.address] = AddressState(budget: max(0, budget - 1), updatedAt: now)
            }
            guard let key = attempt.principalKey, var entry = state.principals[key] else { return (.none, []) }
            entry.inFlight = max(0, entry.inFlight - 1)
            var change = Change.none
            switch outcome {
            case .succeeded:
                entry.failures = 0
            case .failed:
                entry.failures += 1
                entry.lastFailure = now
                if entry.failures >= limits.maximumFailedAttempts, entry.lockedUntil == nil {
                    entry.lockedUntil = now + limits.lockoutSeconds * 1_000_000_000
                    change = .principalLocked
                }
            case .notCounted:
                break
            }
            // Every waiter checks again: a lock refuses them all, a freed slot admits one.
            let waiters = entry.waiters
            entry.waiters = []
            store(entry, for: key, state: &state)
            return (change, waiters)
        }
        for waiter in waiters { waiter.resume(returning: .waiting) }
        return change
    }

    /// True while `principal` is locked; for tests and the management API.
    public func isLocked(_ principal: String) -> Bool {
        state.withLock { state in
            guard let until = state.principals[principal.lowercased()]?.lockedUntil else { return false }
            return clock() < until
        }
    }

    /// Returns the address's failures left at `now`, refilled at the per-minute rate.
    private func refill(_ address: String, now: Int64, state: inout State) -> Double {
        let capacity = Double(limits.maximumFailuresPerAddressPerMinute)
        guard let entry = state.addresses[address] else {
            if state.addresses.count >= maximumEntries { evictAddresses(now: now, state: &state) }
            return capacity
        }
        let elapsed = Double(max(0, now - entry.updatedAt))
        let budget = min(capacity, entry.budget + elapsed * capacity / Double(Self.minuteNanoseconds))
        if budget >= capacity {
            state.addresses[address] = nil
        }
        return budget
    }

    private func store(_ entry: PrincipalState, for key: String, state: inout State) {
        if entry.isIdle {
            state.principals[key] = nil
            return
        }
        if state.principals[key] == nil, state.principals.count >= maximumEntries {
            evictPrincipals(now: clock(), state: &state)
        }
        state.principals[key] = entry
    }

    /// Drops principals with nothing in flight whose lock and failure memory have run out, then,
    /// if still full, the unlocked ones with the oldest failures.
    private func evictPrincipals(now: Int64, state: inout State) {
        state.principals = state.principals.filter { _, entry in
            !entry.waiters.isEmpty || entry.inFlight > 0 || (entry.lockedUntil.map { now < $0 } ?? false)
                || now - entry.lastFailure < Self.failureMemoryNanoseconds
        }
        guard state.principals.count >= maximumEntries else { return }
        let removable = state.principals.filter { $0.value.inFlight == 0 && $0.value.waiters.isEmpty }
            .sorted { $0.value.lastFailure < $1.value.lastFailure }
            .prefix(max(1, maximumEntries / 10))
        for (key, _) in removable { state.principals[key] = nil }
    }

    /// Drops addresses whose budget has refilled, then, if still full, the ones updated longest ago.
    private func evictAddresses(now: Int64, state: inout State) {
        let capacity = Double(limits.maximumFailuresPerAddressPerMinute)
        state.addresses = state.addresses.filter { _, entry in
            entry.budget + Double(now - entry.updatedAt) * capacity / Double(Self.minuteNanoseconds) < capacity
        }
        guard state.addresses.count >= maximumEntries else { return }
        let oldest = state.addresses.sorted { $0.value.updatedAt < $1.value.updatedAt }.prefix(
            max(1, maximumEntries / 10)
        )
        for (address, _) in oldest { state.addresses[address] = nil }
    }
}

extension LoginThrottle.Refusal: Error {}
