import Testing

@testable import Host

@Suite struct TransactionDeadlineTests {
    @Test func idleExpiryKeepsLiveTransaction() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "nornic", timeoutMilliseconds: 600_000)
        #expect(await session.expireIfPastDeadline() == false)
        #expect(session.inTransaction)
    }

    @Test func idleExpiryFailsNextStatementOnce() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "nornic", timeoutMilliseconds: 1_000)
        try await Task.sleep(for: .milliseconds(1_100))
        #expect(await session.expireIfPastDeadline())
        #expect(!session.inTransaction)
        let failure = await #expect(throws: ServerError.self) {
            try await session.run("CREATE ()", parameters: [:], database: nil)
        }
        #expect(failure?.status == .transactionTimedOut)
        // The client has heard of the timeout; its next statement runs on its own.
        _ = try await session.run("RETURN 1", parameters: [:], database: nil)
        #expect(fixture.engine.commits.withLock { $0 } == 1)
        #expect(!session.inTransaction)
    }

    @Test func rollbackAfterIdleExpirySucceeds() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "nornic", timeoutMilliseconds: 20)
        try await Task.sleep(for: .milliseconds(40))
        #expect(await session.expireIfPastDeadline())
        await session.rollback()
        let failure = await #expect(throws: ServerError.self) { try await session.commit() }
        #expect(failure?.status == .transactionNotFound)
    }

    @Test func runAfterDeadlineTimesOut() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "nornic", timeoutMilliseconds: 1_000)
        #expect(session.transactionDeadlineNanoseconds != nil)
        _ = try await session.run("RETURN 1", parameters: [:], database: nil)
        try await Task.sleep(for: .milliseconds(1_100))
        let failure = await #expect(throws: ServerError.self) {
            try await session.run("RETURN 1", parameters: [:], database: nil)
        }
        #expect(failure?.status == .transactionTimedOut)
        #expect(failure?.message.contains("exceeded the configured timeout") == true)
        #expect(!session.inTransaction)
        #expect(session.transactionDeadlineNanoseconds == nil)
    }

    @Test func commitAfterDeadlineTimesOut() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "nornic", timeoutMilliseconds: 1_000)
        _ = try await session.run("CREATE ()", parameters: [:], database: nil)
        try await Task.sleep(for: .milliseconds(1_100))
        let failure = await #expect(throws: ServerError.self) { try await session.commit() }
        #expect(failure?.status == .transactionTimedOut)
        #expect(fixture.engine.commits.withLock { $0 } == 0)
        #expect(!session.inTransaction)
    }

    @Test func systemTransactionDeadline() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "system", timeoutMilliseconds: 1_000)
        _ = try await session.administer(SessionFixture.create("late"))
        try await Task.sleep(for: .milliseconds(1_100))
        let failure = await #expect(throws: ServerError.self) { try await session.commit() }
        #expect(failure?.status == .transactionTimedOut)
        #expect(fixture.accounts.account(named: "late") == nil)
    }

    @Test func commitWithinDeadline() async throws {
        let fixture = try await SessionFixture()
        let session = fixture.session()
        try await session.begin(database: "nornic", timeoutMilliseconds: 60_000)
        _ = try await session.run("CREATE ()", parameters: [:], database: nil)
        try await session.commit()
        #expect(fixture.engine.commits.withLock { $0 } == 1)
    }

    @Test func noTransactionNoDeadline() async throws {
        let fixture = try await SessionFixture()
        #expect(fixture.session().transactionDeadlineNanoseconds == nil)
    }
}
