import Host
import JSON
import Testing

@testable import HTTPAPI

@Suite("HTTP transactions: idle timeout, limits and shutdown")
struct LifecycleTests {
    @Test func idleTimeoutRollsBack() async throws {
        let fixture = try await APIFixture(idleTimeoutSeconds: 1)
        let admin = fixture.adminAuthorization
        let begin = await fixture.send("POST", "/db/nornic/tx", body: TX.body("CREATE (:Idle)"), authorization: admin)
        let id = try #require(TX.id(begin))
        let openBefore = fixture.api.transactions.registry.count
        try await Task.sleep(for: .milliseconds(1_800))
        let openAfter = fixture.api.transactions.registry.count
        let late = await fixture.send("POST", "/db/nornic/tx/\(id)/commit", authorization: admin)
        let count = await fixture.nodeCount()
        let logs = fixture.logs.recorded
        await fixture.close()
        #expect(openBefore == 1)
        #expect(openAfter == 0)
        #expect(late.status == 404)
        #expect(late.errorCode == "Neo.ClientError.Transaction.TransactionNotFound")
        #expect(count == 0)
        let rolledBack = logs.first { $0.message == "HTTP transaction rolled back" }
        #expect(rolledBack?.metadata["reason"] == "idle timeout")
        #expect(rolledBack?.metadata["http.transaction"] == id)
        #expect(rolledBack?.metadata["principal"] == APIFixture.adminName)
    }

    @Test func keepAliveRestartsTimer() async throws {
        // Six requests one second apart outlive the 4-second idle timeout only if each one restarts
        // it. The 3-second margin per gap absorbs a loaded machine's late wake-ups.
        let fixture = try await APIFixture(idleTimeoutSeconds: 4)
        let admin = fixture.adminAuthorization
        let begin = await fixture.send("POST", "/db/nornic/tx", body: TX.body("CREATE (:Alive)"), authorization: admin)
        let id = try #require(TX.id(begin))
        var statuses: [Int] = []
        for _ in 0..<6 {
            try await Task.sleep(for: .seconds(1))
            let alive = await fixture.send(
                "POST",
                "/db/nornic/tx/\(id)",
                body: ["statements": []],
                authorization: admin
            )
            statuses.append(alive.status)
        }
        let commit = await fixture.send("POST", "/db/nornic/tx/\(id)/commit", authorization: admin)
        let count = await fixture.nodeCount()
        await fixture.close()
        #expect(statuses == [200, 200, 200, 200, 200, 200])
        #expect(commit.status == 200)
        #expect(count == 1)
    }

    @Test func expiredBeforeReaperRuns() async throws {
        let fixture = try await APIFixture()
        let registry = TransactionRegistry(idleTimeout: .seconds(1), limits: TransactionLimits())
        let transaction = try makeTransaction(fixture, principal: "p")
        let start = ContinuousClock.now
        try registry.register(transaction, now: start)
        #expect(registry.keep(transaction, now: start))
        let owner = transaction.owner
        let lookup = registry.acquire(id: transaction.id, owner: owner, database: "nornic", now: start + .seconds(2))
        await fixture.close()
        guard case .notFound(let reason, let expired) = lookup else {
            Issue.record("expected notFound, got \(lookup)")
            return
        }
        #expect(reason == "idle timeout")
        #expect(expired === transaction)
        #expect(registry.count == 0)
    }

    @Test func transactionTimeoutExpiresIdle() async throws {
        let fixture = try await APIFixture()
        let registry = TransactionRegistry(idleTimeout: .seconds(30), limits: TransactionLimits())
        // Beginning revalidates the local identity, so the accounts must exist.
        try await fixture.createUser("timed", roles: ["editor"])
        try await fixture.createUser("untimed", roles: ["editor"])
        let timed = try makeTransaction(fixture, principal: "timed")
        let untimed = try makeTransaction(fixture, principal: "untimed")
        try registry.register(timed)
        try registry.register(untimed)
        try await timed.session.begin(database: "nornic", timeoutMilliseconds: 1_000)
        try await untimed.session.begin(database: "nornic")
        let deadline = try #require(timed.session.transactionDeadlineNanoseconds)
        #expect(registry.keep(timed))
        #expect(registry.keep(untimed))
        let early = registry.removeExpired(unixNanoseconds: deadline - 1)
        let late = registry.removeExpired(unixNanoseconds: deadline)
        for (transaction, _) in late { await transaction.session.rollback() }
        await untimed.session.rollback()
        await fixture.close()
        #expect(early.isEmpty)
        #expect(late.map(\.transaction.id) == [timed.id])
        #expect(late.map(\.reason) == ["transaction timeout"])
        #expect(registry.count == 1)
    }

    @Test func concurrentRequestIsBusy() async throws {
        let fixture = try await APIFixture()
        let registry = TransactionRegistry(idleTimeout: .seconds(30), limits: TransactionLimits())
        let transaction = try makeTransaction(fixture, principal: "p")
        try registry.register(transaction)
        let whileBeginning = registry.acquire(id: transaction.id, owner: transaction.owner, database: "nornic")
        #expect(registry.keep(transaction))
        let first = registry.acquire(id: transaction.id, owner: transaction.owner, database: "nornic")
        let second = registry.acquire(id: transaction.id, owner: transaction.owner, database: "nornic")
        let stranger = try makeTransaction(fixture, principal: "q").owner
        let other = registry.acquire(id: transaction.id, owner: stranger, database: "nornic")
        await fixture.close()
        guard case .busy = whileBeginning, case .acquired = first, case .busy = second else {
            Issue.record("expected busy, acquired, busy; got \(whileBeginning), \(first), \(second)")
            return
        }
        guard case .notFound(let reason, _) = other else {
            Issue.record("a stranger learned the transaction is busy: \(other)")
            return
        }
        #expect(reason == "other owner")
    }

    @Test func busyAnswers409() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let begin = await fixture.send("POST", "/db/nornic/tx", body: ["statements": []], authorization: admin)
        let id = try #require(TX.id(begin))
        let registry = fixture.api.transactions.registry
        let identity = Identity(principal: APIFixture.adminName, roles: ["admin"], provider: "local")
        guard case .acquired(let held) = registry.acquire(id: id, owner: TransactionOwner(identity), database: "nornic")
        else {
            Issue.record("the admin's transaction could not be acquired")
            await fixture.close()
            return
        }
        let busy = await fixture.send("POST", "/db/nornic/tx/\(id)", body: ["statements": []], authorization: admin)
        let busyDelete = await fixture.send("DELETE", "/db/nornic/tx/\(id)", authorization: admin)
        #expect(registry.keep(held))
        let free = await fixture.send("POST", "/db/nornic/tx/\(id)", body: ["statements": []], authorization: admin)
        await fixture.close()
        #expect(busy.status == 409)
        #expect(busy.errorCode == "Neo.ClientError.Transaction.TransactionAccessedConcurrently")
        #expect(busyDelete.status == 409)
        #expect(free.status == 200)
    }

    @Test func openTransactionLimits() async throws {
        let fixture = try await APIFixture()
        let endpoints = TransactionEndpoints(
            context: fixture.api.context,
            limits: TransactionLimits(perPrincipal: 2, total: 3)
        )
        let alice = try await fixture.createUser("alice", roles: ["editor"])
        let bob = try await fixture.createUser("bob", roles: ["editor"])
        let carol = try await fixture.createUser("carol", roles: ["editor"])
        let empty: JSONValue = ["statements": []]
        var opened: [Reply] = []
        for authorization in [alice, alice] {
            opened.append(
                await fixture.send(to: endpoints, "POST", "/db/nornic/tx", body: empty, authorization: authorization)
            )
        }
        let aliceThird = await fixture.send(to: endpoints, "POST", "/db/nornic/tx", body: empty, authorization: alice)
        opened.append(await fixture.send(to: endpoints, "POST", "/db/nornic/tx", body: empty, authorization: bob))
        let carolFirst = await fixture.send(to: endpoints, "POST", "/db/nornic/tx", body: empty, authorization: carol)
        let firstID = try #require(TX.id(opened[0]))
        _ = await fixture.send(to: endpoints, "DELETE", "/db/nornic/tx/\(firstID)", authorization: alice)
        let aliceAgain = await fixture.send(to: endpoints, "POST", "/db/nornic/tx", body: empty, authorization: alice)
        // Transactions committed at once are not counted.
        let atOnce = await fixture.send(
            to: endpoints,
            "POST",
            "/db/nornic/tx/commit",
            body: empty,
            authorization: carol
        )
        await endpoints.shutdown()
        await fixture.close()
        #expect(opened.map(\.status) == [201, 201, 201], "\(opened.map(\.text))")
        #expect(aliceThird.status == 429)
        #expect(aliceThird.errorCode == "Neo.TransientError.Request.ResourceExhaustion")
        #expect(TX.errors(aliceThird).first?["message"]?.stringValue?.contains("alice") == true)
        #expect(carolFirst.status == 429, "\(carolFirst.text)")
        #expect(TX.errors(carolFirst).first?["message"]?.stringValue?.contains("The server already has 3") == true)
        #expect(aliceAgain.status == 201)
        #expect(atOnce.status == 200)
    }

    @Test func shutdownRollsBack() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let first = await fixture.send(
            "POST",
            "/db/nornic/tx",
            body: TX.body("CREATE (:Unsaved)"),
            authorization: admin
        )
        let id = try #require(TX.id(first))
        await fixture.api.shutdown()
        let count = await fixture.nodeCount()
        let after = await fixture.send("POST", "/db/nornic/tx", body: ["statements": []], authorization: admin)
        let commit = await fixture.send("POST", "/db/nornic/tx/\(id)/commit", authorization: admin)
        let open = fixture.api.transactions.registry.count
        await fixture.close()
        #expect(count == 0)
        #expect(after.status == 503)
        #expect(after.errorCode == "Neo.TransientError.General.DatabaseUnavailable")
        #expect(commit.status == 404)
        #expect(open == 0)
    }

    @Test func shutdownDoomsLeasedTransaction() async throws {
        let fixture = try await APIFixture()
        let registry = TransactionRegistry(idleTimeout: .seconds(30), limits: TransactionLimits())
        let transaction = try makeTransaction(fixture, principal: "p")
        try registry.register(transaction)
        let (idle, leased) = registry.close()
        let keptAfterClose = registry.keep(transaction)
        let doomed = registry.isDoomed(transaction)
        registry.remove(transaction)
        let count = registry.count
        var registrationError: ServerError?
        let late = try makeTransaction(fixture, principal: "p")
        do {
            try registry.register(late)
        } catch {
            registrationError = error
        }
        await fixture.close()
        #expect(idle.isEmpty)
        #expect(leased.map(\.id) == [transaction.id])
        #expect(!keptAfterClose)
        #expect(doomed)
        #expect(count == 0)
        #expect(registrationError?.status == .databaseUnavailable)
    }

    private func makeTransaction(_ fixture: APIFixture, principal: String) throws -> HTTPTransaction {
        let identity = Identity(principal: principal, roles: ["editor"], provider: "local")
        let logger = Logger(label: "test", level: .debug, sink: fixture.logs)
        let interrupter = SessionInterrupter()
        return HTTPTransaction(
            id: HTTPTransaction.newID(),
            database: "nornic",
            owner: TransactionOwner(identity),
            session: fixture.queries.makeSession(identity: identity, logger: logger, interrupter: interrupter),
            interrupter: interrupter,
            logger: logger
        )
    }
}
