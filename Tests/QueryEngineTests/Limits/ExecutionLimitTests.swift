import Foundation
import GraphValue
import Host
import QueryEngine
import Synchronization
import Testing

/// Deadlines, the row limit and cancellation stop statements that would run too long or hold
/// too much.
@Suite struct ExecutionLimitTests {
    /// A database with `count` nodes labelled `Cart`.
    private static func carts(_ count: Int) throws -> TestDatabase {
        let database = try TestDatabase()
        try database.run("UNWIND range(1, $n) AS i CREATE (:Cart {i: i})", ["n": .integer(Int64(count))])
        return database
    }

    private static func deadline(afterMilliseconds milliseconds: Int64) -> Int64 {
        UnixTime.nowNanoseconds() + milliseconds * 1_000_000
    }

    @Test func cartesianProductTimesOut() throws {
        let database = try Self.carts(300)
        let limits = ExecutionLimits(deadlineNanoseconds: Self.deadline(afterMilliseconds: 200))
        let started = UnixTime.nowNanoseconds()
        let outcome = database.outcome("MATCH (a:Cart), (b:Cart), (c:Cart) RETURN count(*)", limits: limits)
        let elapsed = UnixTime.nowNanoseconds() - started
        guard case .failure(let error) = outcome else {
            Issue.record("27 million rows counted within 200 ms")
            return
        }
        #expect(error.status == .transactionTimedOut)
        #expect(elapsed < 5_000_000_000)
    }

    @Test func passedDeadlineFailsAtOnce() throws {
        let database = try TestDatabase()
        let limits = ExecutionLimits(deadlineNanoseconds: UnixTime.nowNanoseconds() - 1)
        guard case .failure(let error) = database.outcome("RETURN 1", limits: limits) else {
            Issue.record("a statement past its deadline ran")
            return
        }
        #expect(error.status == .transactionTimedOut)
    }

    @Test func cancelStopsRunningStatement() async throws {
        let database = try Self.carts(300)
        let transaction = SendableBox(value: try database.engine.beginTransaction(database: database.database))
        let statement = try database.engine.prepare("MATCH (a:Cart), (b:Cart), (c:Cart) RETURN count(*)")
        let cancelledAt = Atomic<Int64>(0)
        let canceller = Thread {
            Thread.sleep(forTimeInterval: 0.2)
            cancelledAt.store(UnixTime.nowNanoseconds(), ordering: .sequentiallyConsistent)
            transaction.value.cancel()
        }
        canceller.start()
        // The time is taken on the executing thread, because the test's own task may resume late.
        let (outcome, stoppedAt) = await SmallStack.run(stackSize: 8 << 20) {
            let outcome = Result { () throws(ServerError) in
                do {
                    return try transaction.value.execute(statement, parameters: [:]).rows
                } catch {
                    throw ServerError.wrapping(error)
                }
            }
            return (outcome, UnixTime.nowNanoseconds())
        }
        guard case .failure(let error) = outcome else {
            Issue.record("the statement finished before it was cancelled")
            return
        }
        #expect(error.status == .transactionTerminated)
        let delay = stoppedAt - cancelledAt.load(ordering: .sequentiallyConsistent)
        #expect(delay < 500_000_000, "stopped \(delay / 1_000_000) ms after cancel()")
        #expect(throws: ServerError.self) { try transaction.value.execute(statement, parameters: [:]) }
        do {
            _ = try transaction.value.execute(database.engine.prepare("RETURN 1"), parameters: [:])
        } catch let later as ServerError {
            #expect(later.status == .transactionTerminated)
        }
    }

    @Test func cancelBeforeExecuteFails() throws {
        let database = try TestDatabase()
        let transaction = try database.engine.beginTransaction(database: database.database)
        transaction.cancel()
        transaction.cancel()
        do {
            _ = try transaction.execute(database.engine.prepare("CREATE (:T)"), parameters: [:])
            Issue.record("a cancelled transaction ran a statement")
        } catch let error as ServerError {
            #expect(error.status == .transactionTerminated)
        }
        #expect(throws: ServerError.self) { try transaction.commit() }
        transaction.rollback()
        #expect(try database.column("MATCH (t:T) RETURN count(t)") == [0])
    }

    @Test(arguments: [
        "RETURN range(1, 2000) AS r",
        "RETURN size(range(1, 100000000)) AS r",
        "UNWIND range(1, 800) AS x UNWIND [1, 2] AS y RETURN collect(x) AS c",
        "UNWIND range(1, 800) AS x UNWIND [1, 2] AS y RETURN x, y",
        "RETURN [x IN range(1, 600) | x] + [x IN range(1, 600) | x] AS l",
        "UNWIND range(1, 900) AS x UNWIND [1, 2] AS y RETURN DISTINCT x, y",
        "UNWIND range(1, 900) AS x UNWIND [1, 2] AS y WITH x, y ORDER BY x RETURN x, y",
        "UNWIND range(1, 900) AS x UNWIND [1, 2] AS y RETURN x, y, count(*)",
        "RETURN COLLECT { UNWIND range(1, 900) AS x UNWIND [1, 2] AS y RETURN x } AS c",
    ])
    func rowLimitExceeded(text: String) throws {
        let database = try TestDatabase()
        guard case .failure(let error) = database.outcome(text, limits: ExecutionLimits(maximumRows: 1_000)) else {
            Issue.record("the statement held more than 1,000 rows or elements")
            return
        }
        #expect(error.status == .memoryLimitExceeded)
        #expect(error.message.contains("more than 1000 rows or list elements"), "\(error.message)")
    }

    @Test func unwindStreamsRange() throws {
        let database = try TestDatabase()
        let limits = ExecutionLimits(maximumRows: 1_000)
        let limited = database.outcome("UNWIND range(1, 1000000) AS i WITH i LIMIT 3 RETURN sum(i)", limits: limits)
        #expect(try limited.get() == [[6]])
        let summed = database.outcome("UNWIND range(10, 1, -3) AS i RETURN collect(i) AS l", limits: limits)
        #expect(try summed.get() == [[[10, 7, 4, 1]]])
        let full = database.outcome("UNWIND range(1, 5000) AS i RETURN sum(i)", limits: limits)
        #expect(try full.get() == [[12_502_500]])
        guard case .failure(let error) = database.outcome("UNWIND range(1, 2, 0.5) AS i RETURN i") else {
            Issue.record("a float step was accepted")
            return
        }
        #expect(error.status == .argumentError)
    }

    @Test func aggregationHoldsNoInputRows() throws {
        let database = try Self.carts(100)
        let outcome = database.outcome(
            "MATCH (a:Cart), (b:Cart) RETURN count(*) AS pairs, sum(a.i) AS total",
            limits: ExecutionLimits(maximumRows: 1_000)
        )
        #expect(try outcome.get() == [[10_000, 505_000]])
    }

    @Test func doublingStringStops() throws {
        let database = try TestDatabase()
        let outcome = database.outcome("RETURN size(reduce(s = 'ab', i IN range(1, 40) | s + s)) AS n")
        guard case .failure(let error) = outcome else {
            Issue.record("a string of 2^41 bytes was built")
            return
        }
        #expect(error.status == .memoryLimitExceeded)
    }
}
