import JSON
import Testing

@testable import HTTPAPI

@Suite("HTTP transactions: statement errors")
struct StatementErrorTests {
    @Test func commitStopsAtFirstError() async throws {
        let fixture = try await APIFixture()
        let reply = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("CREATE (:First)", "CREATE (:Broken", "CREATE (:Never)"),
            authorization: fixture.adminAuthorization
        )
        let count = await fixture.nodeCount()
        await fixture.close()
        #expect(reply.status == 200)
        #expect(TX.results(reply).count == 1)
        #expect(TX.errors(reply).count == 1)
        #expect(reply.errorCode == "Neo.ClientError.Statement.SyntaxError")
        #expect(TX.errors(reply).first?["message"]?.stringValue?.isEmpty == false)
        #expect(reply.json?["lastBookmarks"] == nil)
        #expect(count == 0)
    }

    @Test func errorInOpenTransactionEndsIt() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let begin = await fixture.send("POST", "/db/nornic/tx", body: TX.body("CREATE (:Lost)"), authorization: admin)
        let id = try #require(TX.id(begin))
        let failed = await fixture.send(
            "POST",
            "/db/nornic/tx/\(id)",
            body: TX.body("RETURN 1 AS one", "RETURN $missing"),
            authorization: admin
        )
        let commit = await fixture.send("POST", "/db/nornic/tx/\(id)/commit", authorization: admin)
        let count = await fixture.nodeCount()
        await fixture.close()
        #expect(failed.status == 200)
        #expect(TX.rows(failed) == [[1]])
        #expect(failed.errorCode == "Neo.ClientError.Statement.ParameterMissing")
        #expect(failed.json?["commit"] == nil)
        #expect(failed.json?["transaction"] == nil)
        #expect(commit.status == 404)
        #expect(commit.errorCode == "Neo.ClientError.Transaction.TransactionNotFound")
        #expect(count == 0)
    }

    @Test func errorInBeginRollsBack() async throws {
        let fixture = try await APIFixture()
        let begin = await fixture.send(
            "POST",
            "/db/nornic/tx",
            body: TX.body("CREATE (:Lost)", "RETURN nope("),
            authorization: fixture.adminAuthorization
        )
        let count = await fixture.nodeCount()
        let open = fixture.api.transactions.registry.count
        await fixture.close()
        #expect(begin.status == 200)
        #expect(begin.header("location") == nil)
        #expect(begin.json?["commit"] == nil)
        #expect(TX.results(begin).count == 1)
        #expect(begin.errorCode == "Neo.ClientError.Statement.SyntaxError")
        #expect(count == 0)
        #expect(open == 0)
    }

    @Test func errorInFinalCommitRollsBack() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let begin = await fixture.send("POST", "/db/nornic/tx", body: TX.body("CREATE (:Lost)"), authorization: admin)
        let id = try #require(TX.id(begin))
        let commit = await fixture.send(
            "POST",
            "/db/nornic/tx/\(id)/commit",
            body: TX.body("RETURN 1/0"),
            authorization: admin
        )
        let count = await fixture.nodeCount()
        await fixture.close()
        #expect(commit.status == 200)
        #expect(commit.errorCode == "Neo.ClientError.Statement.ArithmeticError")
        #expect(commit.json?["lastBookmarks"] == nil)
        #expect(count == 0)
    }

    @Test func unknownTransaction() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let run = await fixture.send("POST", "/db/nornic/tx/AAAAAAAAAAAAAAAAAAAAAA", authorization: admin)
        let commit = await fixture.send("POST", "/db/nornic/tx/42/commit", authorization: admin)
        let rollback = await fixture.send("DELETE", "/db/nornic/tx/42", authorization: admin)
        await fixture.close()
        for reply in [run, commit, rollback] {
            #expect(reply.status == 404)
            #expect(reply.errorCode == "Neo.ClientError.Transaction.TransactionNotFound")
        }
    }

    @Test func otherDatabaseNotFound() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let begin = await fixture.send("POST", "/db/nornic/tx", body: ["statements": []], authorization: admin)
        let id = try #require(TX.id(begin))
        let elsewhere = await fixture.send("POST", "/db/system/tx/\(id)", authorization: admin)
        let upperCase = await fixture.send("POST", "/db/NORNIC/tx/\(id)", authorization: admin)
        await fixture.close()
        #expect(elsewhere.status == 404)
        #expect(elsewhere.errorCode == "Neo.ClientError.Transaction.TransactionNotFound")
        // Database names are case-insensitive, as QueryService resolves them.
        #expect(upperCase.status == 200)
    }
}
