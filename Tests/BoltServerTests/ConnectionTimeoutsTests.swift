import Testing

@testable import BoltServer

private let second: Int64 = 1_000_000_000
private let timeouts = ConnectionTimeouts(loginSeconds: 2, writeSeconds: 3, idleSeconds: 5)

/// Returns a logged-in connection opened at 100 s, last active at 101 s, with no reply pending.
private func reading(
    opened: Int64 = 100 * second,
    authenticated: Bool = true,
    lastActivity: Int64 = 101 * second,
    sequence: Int = 0,
    sent: Int = 0
) -> TimerReading {
    TimerReading(
        openedNanoseconds: opened,
        hasAuthenticated: authenticated,
        lastActivityNanoseconds: lastActivity,
        writeSequence: sequence,
        sentByteCount: sent
    )
}

@Suite struct ConnectionTimeoutsTests {
    @Test func loginTimeoutClosesAtTheLimit() {
        let fresh = reading(authenticated: false, lastActivity: 0)
        #expect(timeouts.evaluate(fresh, previous: nil, now: 101 * second).0 == .none)
        #expect(timeouts.evaluate(fresh, previous: nil, now: 102 * second - 1).0 == .none)
        #expect(timeouts.evaluate(fresh, previous: nil, now: 102 * second).0 == .closeWithoutLogin)
    }

    @Test func loginTimeoutSparesLoggedIn() {
        #expect(timeouts.evaluate(reading(), previous: nil, now: 103 * second).0 == .none)
    }

    @Test func idleTimeoutWakesReader() {
        #expect(timeouts.evaluate(reading(), previous: nil, now: 106 * second - 1).0 == .none)
        #expect(timeouts.evaluate(reading(), previous: nil, now: 106 * second).0 == .wakeIdleReader)
    }

    @Test func idleTimeoutOffWhenZero() {
        let off = ConnectionTimeouts(loginSeconds: 2, writeSeconds: 3, idleSeconds: 0)
        #expect(off.evaluate(reading(), previous: nil, now: 10_000 * second).0 == .none)
    }

    @Test func idleTimeoutWaitsForHandshake() {
        // Activity 0 means the handshake has not finished; only the login timeout applies then.
        let handshaking = reading(lastActivity: 0)
        #expect(timeouts.evaluate(handshaking, previous: nil, now: 200 * second).0 == .none)
    }

    @Test func writeWithoutReplyPendingHasNoProgress() {
        let (action, progress) = timeouts.evaluate(reading(sequence: 4, sent: 90), previous: nil, now: 102 * second)
        #expect(action == .none)
        #expect(progress == nil)
    }

    @Test func stalledWriteClosesAfterTimeout() {
        let pending = reading(sequence: 3, sent: 500)
        let (firstAction, first) = timeouts.evaluate(pending, previous: nil, now: 102 * second)
        #expect(firstAction == .none)
        #expect(first == WriteProgress(writeSequence: 3, sentByteCount: 500, sinceNanoseconds: 102 * second))

        let (earlyAction, early) = timeouts.evaluate(pending, previous: first, now: 105 * second - 1)
        #expect(earlyAction == .none)
        #expect(early == first)

        let (lateAction, _) = timeouts.evaluate(pending, previous: early, now: 105 * second)
        #expect(lateAction == .closeStalledWrite)
    }

    @Test func sentBytesRestartWriteTimeout() {
        let first = WriteProgress(writeSequence: 3, sentByteCount: 500, sinceNanoseconds: 102 * second)
        let (action, progress) = timeouts.evaluate(reading(sequence: 3, sent: 600), previous: first, now: 105 * second)
        #expect(action == .none)
        #expect(progress == WriteProgress(writeSequence: 3, sentByteCount: 600, sinceNanoseconds: 105 * second))
    }

    @Test func newReplyRestartsWriteTimeout() {
        // The same byte count under a later write sequence is a new reply that has sent nothing yet.
        let first = WriteProgress(writeSequence: 3, sentByteCount: 500, sinceNanoseconds: 102 * second)
        let (action, progress) = timeouts.evaluate(reading(sequence: 5, sent: 500), previous: first, now: 105 * second)
        #expect(action == .none)
        #expect(progress?.sinceNanoseconds == 105 * second)
    }

    @Test func loginTimeoutBeforeStalledWrite() {
        let stalled = reading(authenticated: false, sequence: 1, sent: 10)
        let previous = WriteProgress(writeSequence: 1, sentByteCount: 10, sinceNanoseconds: 100 * second)
        #expect(timeouts.evaluate(stalled, previous: previous, now: 110 * second).0 == .closeWithoutLogin)
    }

    @Test func stalledWriteBeforeIdleWake() {
        let stalled = reading(sequence: 1, sent: 10)
        let previous = WriteProgress(writeSequence: 1, sentByteCount: 10, sinceNanoseconds: 101 * second)
        #expect(timeouts.evaluate(stalled, previous: previous, now: 110 * second).0 == .closeStalledWrite)
    }
}
