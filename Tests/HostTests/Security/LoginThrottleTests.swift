import Testing

@testable import Host

@Suite struct LoginThrottleTests {
    /// Monotonic nanoseconds, moved by hand.
    let clock = ManualClock(1_000_000_000_000)

    func advance(seconds: Double) { clock.set(clock.function() + Int64(seconds * 1e9)) }

    func throttle(_ limits: LoginLimits = LoginLimits(maximumFailuresPerAddressPerMinute: 0), entries: Int = 100)
        -> LoginThrottle
    {
        LoginThrottle(limits: limits, maximumEntries: entries, clock: clock.function)
    }

    func fail(_ throttle: LoginThrottle, _ principal: String, address: String = "10.0.0.1") async throws
        -> LoginThrottle.Change
    {
        let attempt = try await throttle.start(principal: principal, address: address)
        return throttle.finish(attempt, outcome: .failed)
    }

    func refusal(_ throttle: LoginThrottle, _ principal: String?, address: String = "10.0.0.1") async
        -> LoginThrottle.Refusal?
    {
        do {
            let attempt = try await throttle.start(principal: principal, address: address)
            throttle.finish(attempt, outcome: .notCounted)
            return nil
        } catch {
            return error
        }
    }

    @Test func locksAfterMaximumFailures() async throws {
        let limiter = throttle()
        #expect(try await fail(limiter, "alice") == .none)
        #expect(try await fail(limiter, "alice") == .none)
        #expect(try await fail(limiter, "alice") == .principalLocked)
        #expect(await refusal(limiter, "alice") == .principalLocked)
        #expect(limiter.isLocked("alice"))
    }

    @Test func otherPrincipalsUnaffected() async throws {
        let limiter = throttle()
        for _ in 0..<3 { _ = try await fail(limiter, "alice") }
        #expect(await refusal(limiter, "bob") == nil)
    }

    @Test func successResetsCount() async throws {
        let limiter = throttle()
        _ = try await fail(limiter, "alice")
        _ = try await fail(limiter, "alice")
        let attempt = try await limiter.start(principal: "alice", address: "10.0.0.1")
        limiter.finish(attempt, outcome: .succeeded)
        #expect(try await fail(limiter, "alice") == .none)
        #expect(try await fail(limiter, "alice") == .none)
        #expect(!limiter.isLocked("alice"))
    }

    @Test func lockEndsAndCountRestarts() async throws {
        let limiter = throttle()
        for _ in 0..<3 { _ = try await fail(limiter, "alice") }
        advance(seconds: 4.9)
        #expect(await refusal(limiter, "alice") == .principalLocked)
        advance(seconds: 0.2)
        // After the lock one typo does not lock again: the count starts from zero.
        #expect(try await fail(limiter, "alice") == .none)
        #expect(!limiter.isLocked("alice"))
        #expect(try await fail(limiter, "alice") == .none)
        #expect(try await fail(limiter, "alice") == .principalLocked)
    }

    @Test func principalsCompareInLowerCase() async throws {
        let limiter = throttle()
        _ = try await fail(limiter, "Alice")
        _ = try await fail(limiter, "ALICE")
        #expect(try await fail(limiter, "alice") == .principalLocked)
        #expect(await refusal(limiter, "aLiCe") == .principalLocked)
    }

    @Test func notCountedLeavesCount() async throws {
        let limiter = throttle()
        for _ in 0..<5 {
            let attempt = try await limiter.start(principal: "alice", address: "10.0.0.1")
            limiter.finish(attempt, outcome: .notCounted)
        }
        #expect(!limiter.isLocked("alice"))
    }

    @Test func zeroMaximumNeverLocks() async throws {
        let limiter = throttle(LoginLimits(maximumFailedAttempts: 0, maximumFailuresPerAddressPerMinute: 0))
        for _ in 0..<20 { #expect(try await fail(limiter, "alice") == .none) }
        #expect(await refusal(limiter, "alice") == nil)
    }

    @Test func oldFailuresForgotten() async throws {
        let limiter = throttle()
        _ = try await fail(limiter, "alice")
        _ = try await fail(limiter, "alice")
        advance(seconds: 15 * 60)
        #expect(try await fail(limiter, "alice") == .none)
    }

    @Test func concurrentAttemptsWaitForSlots() async throws {
        let limiter = throttle()
        // Three attempts in flight use up alice's three failures; a fourth must wait.
        let held = [
            try await limiter.start(principal: "alice", address: "10.0.0.1"),
            try await limiter.start(principal: "alice", address: "10.0.0.1"),
            try await limiter.start(principal: "alice", address: "10.0.0.1"),
        ]
        let waiting = Task {
            let attempt = try await limiter.start(principal: "alice", address: "10.0.0.1")
            limiter.finish(attempt, outcome: .succeeded)
            return UnixTime.monotonicNanoseconds()
        }
        try await Task.sleep(for: .milliseconds(100))
        let released = UnixTime.monotonicNanoseconds()
        limiter.finish(held[0], outcome: .succeeded)
        let admittedAt = try await waiting.value
        #expect(admittedAt >= released)
        limiter.finish(held[1], outcome: .notCounted)
        limiter.finish(held[2], outcome: .notCounted)
    }

    @Test func waitersRefusedWhenLockStarts() async throws {
        let limiter = throttle()
        let held = [
            try await limiter.start(principal: "alice", address: "10.0.0.1"),
            try await limiter.start(principal: "alice", address: "10.0.0.1"),
            try await limiter.start(principal: "alice", address: "10.0.0.1"),
        ]
        let waiting = Task { await refusal(limiter, "alice") }
        try await Task.sleep(for: .milliseconds(50))
        for attempt in held { limiter.finish(attempt, outcome: .failed) }
        #expect(await waiting.value == .principalLocked)
    }

    @Test func concurrentGuessesBounded() async throws {
        let limiter = throttle()
        // Forty concurrent wrong passwords: only three reach the password check before the lock.
        let checked = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    guard let attempt = try? await limiter.start(principal: "alice", address: "10.0.0.1") else {
                        return 0
                    }
                    try? await Task.sleep(for: .milliseconds(5))
                    limiter.finish(attempt, outcome: .failed)
                    return 1
                }
            }
            return await group.reduce(0, +)
        }
        #expect(checked == 3)
        #expect(limiter.isLocked("alice"))
    }

    @Test func addressBudgetSpent() async throws {
        let limiter = throttle(LoginLimits(maximumFailedAttempts: 0, maximumFailuresPerAddressPerMinute: 5))
        for index in 0..<5 { _ = try await fail(limiter, "user\(index)") }
        #expect(await refusal(limiter, "someone-else") == .addressLimited)
        #expect(await refusal(nil, limiter: limiter) == .addressLimited)
        #expect(await refusal(limiter, "someone-else", address: "10.0.0.2") == nil)
    }

    @Test func addressBudgetRefills() async throws {
        let limiter = throttle(LoginLimits(maximumFailedAttempts: 0, maximumFailuresPerAddressPerMinute: 6))
        for index in 0..<6 { _ = try await fail(limiter, "user\(index)") }
        #expect(await refusal(limiter, "next") == .addressLimited)
        // Six a minute is one every ten seconds.
        advance(seconds: 10.5)
        #expect(await refusal(limiter, "next") == nil)
        _ = try await fail(limiter, "next")
        #expect(await refusal(limiter, "next") == .addressLimited)
    }

    @Test func successSpendsNoAddressBudget() async throws {
        let limiter = throttle(LoginLimits(maximumFailedAttempts: 0, maximumFailuresPerAddressPerMinute: 2))
        for _ in 0..<10 {
            let attempt = try await limiter.start(principal: "alice", address: "10.0.0.1")
            limiter.finish(attempt, outcome: .succeeded)
        }
        #expect(await refusal(limiter, "alice") == nil)
    }

    @Test func tableStaysBounded() async throws {
        let limiter = throttle(
            LoginLimits(maximumFailedAttempts: 3, maximumFailuresPerAddressPerMinute: 0),
            entries: 50
        )
        for index in 0..<500 { _ = try await fail(limiter, "user\(index)") }
        // The newest counts survive eviction.
        _ = try await fail(limiter, "user499")
        #expect(try await fail(limiter, "user499") == .principalLocked)
    }

    private func refusal(_ principal: String?, limiter: LoginThrottle) async -> LoginThrottle.Refusal? {
        await refusal(limiter, principal)
    }
}

@Suite struct LoginOriginTests {
    @Test(arguments: [
        ("127.0.0.1:5000", "127.0.0.1"), ("[::1]:5000", "::1"), ("::1", "::1"), ("10.1.2.3", "10.1.2.3"),
        ("[fe80::1%eth0]:7687", "fe80::1%eth0"), ("", ""),
    ])
    func addressWithoutPort(peer: String, address: String) {
        #expect(LoginOrigin(channel: "bolt", peer: peer, connectionID: "bolt-1").address == address)
    }
}
