internal import Foundation
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

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

/// Counts failed logins and rejects attempts while a principal is locked or an address has used
/// up its failures.
///
/// A principal is locked for ``LoginLimits/lockoutSeconds`` after
/// ``LoginLimits/maximumFailedAttempts`` consecutive failures, and refused even with the right
/// password until the lock ends. When it ends the count starts again from zero, so one typo after
/// a lock does not lock the principal again at once. A success resets the count. Principals are
/// compared by ``key(for:)``: NFKC, lower case and collapsed white space, as LDAP servers match
/// names, so spellings that a directory treats as one user share one count.
///
/// Attempts in flight count against the limit: a principal has at most as many password checks
/// running as it has failures left, and further attempts wait for one to finish. So no number of
/// concurrent connections gets more guesses before the lock than the limit allows, while the
/// right password from many connections at once only waits briefly.
///
/// Each client address has a budget of failures that refills evenly over a minute; with it spent,
/// the address is rejected until the budget refills. Attempts in flight count against it too, and
/// further attempts wait for them, so concurrent connections cannot overshoot it. IPv6 clients
/// are counted by their /64 network, since one host is commonly assigned a whole /64.
public final class LoginThrottle: Sendable {
    /// The reason an attempt was rejected before its credentials were checked.
    public enum Refusal: Sendable, Equatable {
        case principalLocked
        case addressLimited
    }

    /// A started attempt; pass it to ``finish(_:outcome:)`` exactly once.
    public struct Attempt: Sendable {
        let principalKey: String?
        let address: String
    }

    /// The end of an attempt, as far as the limits are concerned.
    public enum Outcome: Sendable {
        case succeeded
        case failed
        /// Neither success nor a wrong password, such as a directory that timed out: not counted.
        case notCounted
    }

    /// The change ``finish(_:outcome:)`` made, for the security log.
    public enum Change: Sendable, Equatable {
        case none
        case principalLocked
    }

    public let limits: LoginLimits
    private let clock: @Sendable () -> Int64
    private let state = Mutex(State())
    /// The maximum number of principals and of addresses tracked; past it the oldest idle entries go.
    private let maximumEntries: Int

    /// Failure counts older than this are forgotten, so occasional typos never add up to a lock.
    static let failureMemoryNanoseconds: Int64 = 15 * 60 * 1_000_000_000
    private static let minuteNanoseconds: Int64 = 60 * 1_000_000_000

    private struct PrincipalState {
        var failures = 0
        /// Failures this server counted without recording them in the shared store, because it
        /// was unreachable; they are added to every shared count taken over afterwards.
        var unsharedFailures = 0
        var lastFailure: Int64 = 0
        var lockedUntil: Int64?
        var inFlight = 0
        var waiters: [CheckedContinuation<Verdict, Never>] = []

        var isIdle: Bool {
            failures == 0 && unsharedFailures == 0 && lockedUntil == nil && inFlight == 0 && waiters.isEmpty
        }
    }

    private struct AddressState {
        /// Failures left, refilled continuously at the per-minute rate.
        var budget: Double
        var updatedAt: Int64
        var inFlight = 0
        var waiters: [CheckedContinuation<Verdict, Never>] = []
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
    ///   - shared: the principal's count and lock shared with other servers, read just before.
    ///     When given, it plus the failures the shared store missed becomes this server's count,
    ///     and its lock applies here too.
    /// - Throws: a ``Refusal`` when the principal is locked or the address has no failures left.
    public func start(
        principal: String?,
        address: String,
        shared: SharedLoginFailures? = nil
    ) async throws(Refusal) -> Attempt {
        let key = principal.map(Self.key(for:))
        let addressKey = Self.addressKey(for: address)
        var shared = shared
        while true {
            let verdict = await withCheckedContinuation { (continuation: CheckedContinuation<Verdict, Never>) in
                let verdict = state.withLock { state in
                    if let key, let record = shared { adopt(record, key: key, state: &state) }
                    return decide(key: key, address: addressKey, state: &state, waiter: continuation)
                }
                // A waiting continuation is resumed by `finish` once a count it waits on changes.
                if verdict != .waiting { continuation.resume(returning: verdict) }
            }
            // The shared state applies once; a waiter that wakes later sees this server's updates.
            shared = nil
            switch verdict {
            case .admitted: return Attempt(principalKey: key, address: addressKey)
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
        var addressEntry: AddressState?
        if limits.maximumFailuresPerAddressPerMinute > 0 {
            var entry = refilled(address, now: now, state: &state)
            if entry.budget < 1 { return .refused(.addressLimited) }
            if entry.budget - Double(entry.inFlight) < 1 {
                entry.waiters.append(waiter)
                state.addresses[address] = entry
                return .waiting
            }
            addressEntry = entry
        }
        if let key, limits.maximumFailedAttempts > 0 {
            var entry = state.principals[key] ?? PrincipalState()
            if let lockedUntil = entry.lockedUntil {
                if now < lockedUntil { return .refused(.principalLocked) }
                entry.lockedUntil = nil
                entry.failures = 0
                entry.unsharedFailures = 0
            }
            if entry.failures > 0, now - entry.lastFailure >= Self.failureMemoryNanoseconds {
                entry.failures = 0
                entry.unsharedFailures = 0
            }
            guard entry.failures + entry.inFlight < limits.maximumFailedAttempts else {
                entry.waiters.append(waiter)
                store(entry, for: key, state: &state)
                return .waiting
            }
            entry.inFlight += 1
            store(entry, for: key, state: &state)
        }
        if var entry = addressEntry {
            entry.inFlight += 1
            state.addresses[address] = entry
        }
        return .admitted
    }

    /// Takes over a shared count plus the failures the shared store missed, and a shared lock
    /// unless a later local one exists.
    private func adopt(_ shared: SharedLoginFailures, key: String, state: inout State) {
        guard limits.maximumFailedAttempts > 0 else { return }
        let now = clock()
        var entry = state.principals[key] ?? PrincipalState()
        entry.failures = shared.failures + entry.unsharedFailures
        if shared.failures > 0 { entry.lastFailure = now }
        if shared.lockRemainingMilliseconds > 0 {
            let until = now + shared.lockRemainingMilliseconds * 1_000_000
            entry.lockedUntil = max(entry.lockedUntil ?? until, until)
        }
        store(entry, for: key, state: &state)
    }

    /// Rejects at once when the address has no failures left, before a token is even decoded.
    public func checkAddress(_ address: String) throws(Refusal) {
        guard limits.maximumFailuresPerAddressPerMinute > 0 else { return }
        let key = Self.addressKey(for: address)
        let spent = state.withLock { state in refilled(key, now: clock(), state: &state).budget < 1 }
        if spent { throw .addressLimited }
    }

    /// Ends an attempt and records its outcome.
    ///
    /// - Parameter shared: for a failure, the shared count and lock after it was recorded. The
    ///   count plus the failures the shared store missed then decides the lock.
    ///   ``Change/principalLocked`` is returned when recording it started the lock, or when
    ///   those missed failures brought the count to the limit here.
    @discardableResult
    public func finish(_ attempt: Attempt, outcome: Outcome, shared: SharedLoginFailures? = nil) -> Change {
        let (change, waiters) = state.withLock { state -> (Change, [CheckedContinuation<Verdict, Never>]) in
            let now = clock()
            var waiters: [CheckedContinuation<Verdict, Never>] = []
            if limits.maximumFailuresPerAddressPerMinute > 0 {
                var entry = refilled(attempt.address, now: now, state: &state)
                entry.inFlight = max(0, entry.inFlight - 1)
                if case .failed = outcome { entry.budget -= 1 }
                waiters += entry.waiters
                entry.waiters = []
                state.addresses[attempt.address] = entry
            }
            guard let key = attempt.principalKey, var entry = state.principals[key] else { return (.none, waiters) }
            entry.inFlight = max(0, entry.inFlight - 1)
            var change = Change.none
            switch outcome {
            case .succeeded:
                entry.failures = 0
                entry.unsharedFailures = 0
            case .failed:
                entry.failures += 1
                entry.lastFailure = now
                if let shared {
                    entry.failures = shared.failures + entry.unsharedFailures
                    if shared.lockRemainingMilliseconds > 0 {
                        let until = now + shared.lockRemainingMilliseconds * 1_000_000
                        entry.lockedUntil = max(entry.lockedUntil ?? until, until)
                    }
                    if shared.lockedByThisCall { change = .principalLocked }
                } else {
                    // Without a shared store, and while it is unreachable, only this count exists.
                    entry.unsharedFailures += 1
                }
                if entry.failures >= limits.maximumFailedAttempts, entry.lockedUntil == nil {
                    entry.lockedUntil = now + limits.lockoutSeconds * 1_000_000_000
                    change = .principalLocked
                }
            case .notCounted:
                break
            }
            // Every waiter checks again: a lock rejects them all, a freed slot admits one.
            waiters += entry.waiters
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
            guard let until = state.principals[Self.key(for: principal)]?.lockedUntil else { return false }
            return clock() < until
        }
    }

    /// Returns the address's entry with its budget refilled up to `now`, and stores it. An entry
    /// with a full budget and nothing in flight is dropped, since a fresh one is the same.
    private func refilled(_ address: String, now: Int64, state: inout State) -> AddressState {
        let capacity = Double(limits.maximumFailuresPerAddressPerMinute)
        guard var entry = state.addresses[address] else {
            if state.addresses.count >= maximumEntries { evictAddresses(now: now, state: &state) }
            return AddressState(budget: capacity, updatedAt: now)
        }
        let elapsed = Double(max(0, now - entry.updatedAt))
        entry.budget = min(capacity, entry.budget + elapsed * capacity / Double(Self.minuteNanoseconds))
        entry.updatedAt = now
        if entry.budget >= capacity, entry.inFlight == 0, entry.waiters.isEmpty {
            state.addresses[address] = nil
        } else {
            state.addresses[address] = entry
        }
        return entry
    }

    /// Returns the key a principal is counted under: NFKC, lower case, with white space trimmed
    /// and runs of it collapsed, as LDAP's caseIgnoreMatch compares names. Keys longer than 256
    /// bytes are replaced by their SHA-256 digest, so long names cost no more memory than short ones.
    static func key(for principal: String) -> String {
        let folded = principal.precomposedStringWithCompatibilityMapping.lowercased()
        let key = folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard key.utf8.count > 256 else { return key }
        return "sha256:" + Crypto.sha256(Array(key.utf8)).map { String($0, radix: 16) }.joined()
    }

    /// Returns the key an address's budget is kept under: the IPv4 address, or the /64 network of
    /// an IPv6 address. An IPv4-mapped IPv6 address counts as its IPv4 address.
    static func addressKey(for address: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let withoutZone = address.split(separator: "%", maxSplits: 1).first.map(String.init) ?? address
        guard address.contains(":"), inet_pton(AF_INET6, withoutZone, &bytes) == 1 else { return address }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return bytes[12..<16].map { String($0) }.joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }
        return groups.joined(separator: ":") + "::/64"
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
    /// if the table is still full, the unlocked ones with the oldest failures. Locked principals
    /// always stay, since dropping one would end its lock early.
    private func evictPrincipals(now: Int64, state: inout State) {
        func isLocked(_ entry: PrincipalState) -> Bool { entry.lockedUntil.map { now < $0 } ?? false }
        state.principals = state.principals.filter { _, entry in
            !entry.waiters.isEmpty || entry.inFlight > 0 || isLocked(entry)
                || now - entry.lastFailure < Self.failureMemoryNanoseconds
        }
        guard state.principals.count >= maximumEntries else { return }
        let removable = state.principals.filter { _, entry in
            entry.inFlight == 0 && entry.waiters.isEmpty && !isLocked(entry)
        }
        for (key, _) in removable.sorted(by: { $0.value.lastFailure < $1.value.lastFailure })
            .prefix(max(1, maximumEntries / 10))
        {
            state.principals[key] = nil
        }
    }

    /// Drops addresses with nothing in flight whose budget has refilled, then, if the table is
    /// still full, the idle ones updated longest ago.
    private func evictAddresses(now: Int64, state: inout State) {
        let capacity = Double(limits.maximumFailuresPerAddressPerMinute)
        func isIdle(_ entry: AddressState) -> Bool { entry.inFlight == 0 && entry.waiters.isEmpty }
        state.addresses = state.addresses.filter { _, entry in
            !isIdle(entry)
                || entry.budget + Double(now - entry.updatedAt) * capacity / Double(Self.minuteNanoseconds) < capacity
        }
        guard state.addresses.count >= maximumEntries else { return }
        let idle = state.addresses.filter { isIdle($0.value) }
        for (address, _) in idle.sorted(by: { $0.value.updatedAt < $1.value.updatedAt }).prefix(
            max(1, maximumEntries / 10)
        ) {
            state.addresses[address] = nil
        }
    }
}

extension LoginThrottle.Refusal: Error {}
