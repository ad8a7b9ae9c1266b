import Host
import JSON
import Testing

@testable import HTTPAPI

@Suite("HTTP transactions: ownership and permissions")
struct OwnershipTests {
    @Test func otherUserAndAdminGetNotFound() async throws {
        let fixture = try await APIFixture()
        let alice = try await fixture.createUser("alice", roles: ["editor"])
        let bob = try await fixture.createUser("bob", roles: ["editor"])
        let begin = await fixture.send("POST", "/db/nornic/tx", body: TX.body("CREATE (:Mine)"), authorization: alice)
        let id = try #require(TX.id(begin))
        var intruders: [Reply] = []
        for authorization in [bob, fixture.adminAuthorization] {
            intruders.append(await fixture.send("POST", "/db/nornic/tx/\(id)", authorization: authorization))
            intruders.append(await fixture.send("POST", "/db/nornic/tx/\(id)/commit", authorization: authorization))
            intruders.append(await fixture.send("DELETE", "/db/nornic/tx/\(id)", authorization: authorization))
        }
        let commit = await fixture.send("POST", "/db/nornic/tx/\(id)/commit", authorization: alice)
        let count = await fixture.nodeCount()
        let logs = fixture.logs.recorded
        await fixture.close()
        for reply in intruders {
            #expect(reply.status == 404)
            #expect(reply.errorCode == "Neo.ClientError.Transaction.TransactionNotFound")
        }
        #expect(commit.status == 200)
        #expect(TX.errors(commit).isEmpty)
        #expect(count == 1)
        let misses = logs.filter { $0.message == "HTTP transaction not found" }
        #expect(misses.count == 6)
        #expect(misses.allSatisfy { $0.level == .debug })
        #expect(misses.allSatisfy { $0.metadata["reason"] == "other owner" })
    }

    @Test func otherProviderGetsNotFound() async throws {
        let fixture = try await APIFixture()
        let basic = fixture.adminAuthorization
        let bearer = try fixture.bearer(for: APIFixture.adminName)
        let begin = await fixture.send("POST", "/db/nornic/tx", body: ["statements": []], authorization: basic)
        let id = try #require(TX.id(begin))
        let viaToken = await fixture.send("POST", "/db/nornic/tx/\(id)", authorization: bearer)
        let viaPassword = await fixture.send("POST", "/db/nornic/tx/\(id)", authorization: basic)
        await fixture.close()
        #expect(viaToken.status == 404)
        #expect(viaPassword.status == 200)
    }

    @Test func viewerDeleteForbidden() async throws {
        let fixture = try await APIFixture()
        let viewer = try await fixture.createUser("vera", roles: ["viewer"])
        _ = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("CREATE (:Keep)", "CREATE (:Keep)"),
            authorization: fixture.adminAuthorization
        )
        let delete = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("MATCH (n) DELETE n"),
            authorization: viewer
        )
        let read = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("MATCH (n) RETURN count(n)"),
            authorization: viewer
        )
        let count = await fixture.nodeCount()
        await fixture.close()
        #expect(delete.status == 200)
        #expect(delete.errorCode == "Neo.ClientError.Security.Forbidden")
        #expect(TX.rows(read) == [[2]])
        #expect(count == 2)
    }

    @Test func viewerForbiddenInExplicitTransaction() async throws {
        let fixture = try await APIFixture()
        let viewer = try await fixture.createUser("vera", roles: ["viewer"])
        _ = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("CREATE (:Keep)"),
            authorization: fixture.adminAuthorization
        )
        let begin = await fixture.send(
            "POST",
            "/db/nornic/tx",
            body: TX.body("MATCH (n) RETURN count(n)"),
            authorization: viewer
        )
        let id = try #require(TX.id(begin))
        let commit = await fixture.send(
            "POST",
            "/db/nornic/tx/\(id)/commit",
            body: TX.body("MATCH (n) DETACH DELETE n"),
            authorization: viewer
        )
        let beginWithWrite = await fixture.send(
            "POST",
            "/db/nornic/tx",
            body: TX.body("CREATE (:Sneaky)"),
            authorization: viewer
        )
        let count = await fixture.nodeCount()
        await fixture.close()
        #expect(begin.status == 201)
        #expect(commit.status == 200)
        #expect(commit.errorCode == "Neo.ClientError.Security.Forbidden")
        #expect(commit.json?["lastBookmarks"] == nil)
        #expect(beginWithWrite.errorCode == "Neo.ClientError.Security.Forbidden")
        #expect(beginWithWrite.header("location") == nil)
        #expect(count == 1)
    }

    @Test func readAccessMode() async throws {
        let fixture = try await APIFixture()
        let editor = try await fixture.createUser("eve", roles: ["editor"])
        let read: [(name: String, value: String)] = [("access-mode", "READ")]
        let write = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("CREATE (:No)"),
            authorization: editor,
            headers: read
        )
        let query = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("RETURN 1"),
            authorization: editor,
            headers: [("access-mode", "read")]
        )
        let begin = await fixture.send(
            "POST",
            "/db/nornic/tx",
            body: ["statements": []],
            authorization: editor,
            headers: read
        )
        let id = try #require(TX.id(begin))
        // The mode is fixed when the transaction begins, so a later request without the header stays read-only.
        let later = await fixture.send(
            "POST",
            "/db/nornic/tx/\(id)",
            body: TX.body("CREATE (:No)"),
            authorization: editor
        )
        let explicitWrite = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("CREATE (:Yes)"),
            authorization: editor,
            headers: [("access-mode", "WRITE")]
        )
        let invalid = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("RETURN 1"),
            authorization: editor,
            headers: [("access-mode", "SOMETIMES")]
        )
        let count = await fixture.nodeCount()
        await fixture.close()
        #expect(write.errorCode == "Neo.ClientError.Statement.AccessMode")
        #expect(TX.errors(query).isEmpty)
        #expect(later.errorCode == "Neo.ClientError.Statement.AccessMode")
        #expect(TX.errors(explicitWrite).isEmpty)
        #expect(invalid.status == 400)
        #expect(invalid.errorCode == "Neo.ClientError.Request.InvalidFormat")
        #expect(count == 1)
    }

    @Test func readHeaderOnLaterRequest() async throws {
        let fixture = try await APIFixture()
        let admin = fixture.adminAuthorization
        let begin = await fixture.send("POST", "/db/nornic/tx", body: ["statements": []], authorization: admin)
        let id = try #require(TX.id(begin))
        let readOnly = await fixture.send(
            "POST",
            "/db/nornic/tx/\(id)",
            body: TX.body("CREATE (:No)"),
            authorization: admin,
            headers: [("access-mode", "READ")]
        )
        await fixture.close()
        #expect(readOnly.errorCode == "Neo.ClientError.Statement.AccessMode")
    }

    @Test func credentialsExpired() async throws {
        let fixture = try await APIFixture()
        try await fixture.accounts.create(
            name: "newbie",
            password: Secret("first-password-1"),
            roles: ["editor"],
            changeRequired: true
        )
        let old = APIFixture.basic("newbie", "first-password-1")
        let blocked = await fixture.send("POST", "/db/nornic/tx/commit", body: TX.body("RETURN 1"), authorization: old)
        let change = await fixture.send(
            "POST",
            "/db/system/tx/commit",
            body: TX.body("ALTER CURRENT USER SET PASSWORD FROM $old TO $new"),
            authorization: old
        )
        let changeWithParameters = await fixture.send(
            "POST",
            "/db/system/tx/commit",
            body: TX.statement(
                "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                ["parameters": ["old": "first-password-1", "new": "second-password-2"]]
            ),
            authorization: old
        )
        let fresh = APIFixture.basic("newbie", "second-password-2")
        let allowed = await fixture.send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("RETURN 1"),
            authorization: fresh
        )
        let logs = fixture.logs.recorded
        await fixture.close()
        #expect(blocked.status == 200)
        #expect(blocked.errorCode == "Neo.ClientError.Security.CredentialsExpired")
        #expect(change.errorCode == "Neo.ClientError.Statement.ParameterMissing")
        #expect(TX.errors(changeWithParameters).isEmpty, "\(changeWithParameters.text)")
        #expect(TX.errors(allowed).isEmpty)
        // Statement parameters may hold passwords and are never logged.
        for record in logs {
            let text = record.message + record.metadata.values.joined(separator: " ")
            #expect(!text.contains("second-password-2"))
            #expect(!text.contains("first-password-1"))
        }
    }
}
