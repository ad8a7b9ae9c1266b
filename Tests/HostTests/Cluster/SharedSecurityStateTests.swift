import Testing

@testable import Host

@Suite struct SecurityChangeTests {
    @Test func payloadRoundTrips() {
        let changes: [SecurityChange] = [
            .account(name: "alice"), .revocation(tokenID: "a:b"), .authCacheCleared,
        ]
        for change in changes {
            #expect(SecurityChange(payload: change.payload) == change)
        }
    }

    @Test func unknownPayloadsRejected() {
        #expect(SecurityChange(payload: "account:") == nil)
        #expect(SecurityChange(payload: "account") == nil)
        #expect(SecurityChange(payload: "role:admin") == nil)
    }

    /// `account:*` reloads every account, so no account may be named `*`.
    @Test func everyIDIsNoAccountName() {
        #expect(throws: ServerError.self) { try AccountManager.validate(name: SecurityChange.everyID) }
    }
}

@Suite struct LoginFailureRecordTests {
    let limits = LoginLimits(maximumFailedAttempts: 3, lockoutSeconds: 5)

    @Test func locksAtMaximum() {
        var record = LoginFailureRecord()
        for time in [1_000, 2_000] as [Int64] {
            record = record.addingFailure(at: time, limits: limits)
            #expect(record.lockedUntil == nil)
        }
        record = record.addingFailure(at: 3_000, limits: limits)
        #expect(record.failures == 3)
        #expect(record.lockedUntil == 8_000)
        #expect(record.lockRemaining(at: 4_000) == 4_000)
    }

    @Test func failureDuringLockDoesNotExtendIt() {
        let locked = LoginFailureRecord(failures: 3, lastFailureAt: 3_000, lockedUntil: 8_000)
        let record = locked.addingFailure(at: 4_000, limits: limits)
        #expect(record.lockedUntil == 8_000)
        #expect(record.failures == 4)
    }

    @Test func countRestartsWhenLockEnds() {
        let locked = LoginFailureRecord(failures: 3, lastFailureAt: 3_000, lockedUntil: 8_000)
        #expect(locked.current(at: 8_000) == LoginFailureRecord(failures: 0, lastFailureAt: 3_000))
        let record = locked.addingFailure(at: 9_000, limits: limits)
        #expect(record.failures == 1)
        #expect(record.lockedUntil == nil)
    }

    @Test func oldFailuresForgotten() {
        let record = LoginFailureRecord(failures: 2, lastFailureAt: 0)
        let later = LoginFailureRecord.failureMemoryMilliseconds
        #expect(record.current(at: later - 1).failures == 2)
        #expect(record.current(at: later).failures == 0)
    }
}

@Suite struct SharedLoginThrottleTests {
    let clock = ManualClock(1_000_000_000_000)

    func throttle() -> LoginThrottle {
        LoginThrottle(limits: LoginLimits(maximumFailuresPerAddressPerMinute: 0), clock: clock.function)
    }

    @Test func sharedLockRejects() async {
        let limiter = throttle()
        let shared = SharedLoginFailures(failures: 3, lockRemainingMilliseconds: 2_000)
        await #expect(throws: LoginThrottle.Refusal.principalLocked) {
            _ = try await limiter.start(principal: "alice", address: "10.0.0.1", shared: shared)
        }
        #expect(limiter.isLocked("alice"))
        clock.set(clock.function() + 2_000_000_000)
        #expect(!limiter.isLocked("alice"))
    }

    @Test func sharedCountDecidesLock() async throws {
        let limiter = throttle()
        let attempt = try await limiter.start(
            principal: "alice",
            address: "10.0.0.1",
            shared: SharedLoginFailures(failures: 2, lockRemainingMilliseconds: 0)
        )
        let after = SharedLoginFailures(failures: 3, lockRemainingMilliseconds: 5_000, lockedByThisCall: true)
        #expect(limiter.finish(attempt, outcome: .failed, shared: after) == .principalLocked)
        #expect(limiter.isLocked("alice"))
    }

    /// Failures counted here while the shared store was unreachable still count after it is back.
    @Test func outageFailuresKeptAfterRecovery() async throws {
        let limiter = throttle()
        let limit = limiter.limits.maximumFailedAttempts
        for _ in 0..<(limit - 1) {
            let attempt = try await limiter.start(principal: "alice", address: "10.0.0.1")
            limiter.finish(attempt, outcome: .failed)
        }
        let noneShared = SharedLoginFailures(failures: 0, lockRemainingMilliseconds: 0)
        let attempt = try await limiter.start(principal: "alice", address: "10.0.0.1", shared: noneShared)
        let after = SharedLoginFailures(failures: 1, lockRemainingMilliseconds: 0)
        #expect(limiter.finish(attempt, outcome: .failed, shared: after) == .principalLocked)
        #expect(limiter.isLocked("alice"))
    }

    @Test func lockStartedElsewhereNotReported() async throws {
        let limiter = throttle()
        let attempt = try await limiter.start(principal: "alice", address: "10.0.0.1")
        let after = SharedLoginFailures(failures: 4, lockRemainingMilliseconds: 5_000)
        #expect(limiter.finish(attempt, outcome: .failed, shared: after) == .none)
        #expect(limiter.isLocked("alice"))
    }
}

@Suite struct AccountReloadTests {
    @Test func reloadPicksUpOtherServersChanges() async throws {
        let repository = MemoryAccountRepository()
        let pool = BlockingPool(name: "test", threadCount: 2)
        let manager = try AccountManager(repository: repository, hasher: GatedHasher(), pool: pool)
        let account = Account(name: "bob", passwordHash: "x", roles: ["viewer"], createdAt: 1, credentialsChangedAt: 1)
        try repository.saveAccount(account)
        #expect(manager.account(named: "bob") == nil)
        try manager.reloadAccount(named: "bob")
        #expect(manager.account(named: "bob") == account)
        try repository.deleteAccount(named: "bob")
        try manager.reloadAllAccounts()
        #expect(manager.account(named: "bob") == nil)
    }
}
