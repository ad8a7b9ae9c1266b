import Cypher
import Host
import Testing

/// `CALL dbms.security.clearAuthCache()`, which the parser turns into an administration command.
@Suite struct ClearAuthCacheTests {
    @Test(
        arguments: [
            "CALL dbms.security.clearAuthCache()",
            "CALL dbms.security.clearAuthCache",
            "call dbms.security.clearauthcache()",
            "CALL DBMS.SECURITY.CLEARAUTHCACHE()",
            "Call Dbms.Security.ClearAuthCache ( )",
            "CALL dbms.security.clearAuthCache();",
            "  CALL dbms.security.clearAuthCache() ;  ",
            "CALL dbms.security.clearAuthCache;",
            "CALL dbms.security.clearAuthCache\n()",
            "// empty the cache\nCALL dbms.security.clearAuthCache()",
            "CALL `dbms`.`security`.`clearAuthCache`()",
        ]
    )
    func parsesAsAdministration(text: String) throws {
        #expect(try CypherParser.parse(text) == .administration(.clearAuthCache))
    }

    /// Forms that stay queries, with whether the procedure call in them needs `admin`.
    @Test(
        arguments: [
            ("CALL dbms.security.clearAuthCache() YIELD x", true),
            ("CALL dbms.security.clearAuthCache() YIELD *", true),
            ("CALL dbms.security.clearAuthCache() YIELD x RETURN x", true),
            ("CALL dbms.security.clearAuthCache('alice')", true),
            ("CALL dbms.security.clearAuthCache($user)", true),
            ("CALL dbms.security.clearAuthCache() RETURN 1", true),
            ("MATCH (n) CALL dbms.security.clearAuthCache() RETURN n", true),
            ("UNWIND [1] AS x CALL dbms.security.clearAuthCache()", true),
            ("CALL dbms.security.clearAuthCache() UNION CALL dbms.security.clearAuthCache()", true),
            ("CALL { CALL dbms.security.clearAuthCache() } RETURN 1", true),
            ("CALL dbms.security.clearAuthCache() CALL dbms.security.clearAuthCache()", true),
            ("CALL dbms.security.clearAuthCaches()", true),
            ("CALL security.clearAuthCache()", false),
            ("CALL db.clearAuthCache()", false),
        ] as [(String, Bool)]
    )
    func otherFormsStayQueries(text: String, needsAdmin: Bool) throws {
        // The engine runs these as procedure calls, so the gate still requires what the procedure needs.
        let statement = try CypherParser.parse(text)
        guard case .query = statement else {
            Issue.record("expected a query, got \(statement)")
            return
        }
        #expect(requiredPermissions(of: statement).contains(.admin) == needsAdmin)
    }

    @Test func resolvesToCommand() throws {
        guard case .administration(let statement) = try CypherParser.parse("CALL dbms.security.clearAuthCache()")
        else {
            Issue.record("not an administration statement")
            return
        }
        let command = try statement.resolve(parameters: [:])
        #expect(command == .clearAuthCache)
        #expect(!command.changesAccounts)
        #expect(!command.needsSystemDatabase)
        #expect(!command.isSelfService)
    }

    @Test func needsAdmin() throws {
        let statement = try CypherParser.parse("CALL dbms.security.clearAuthCache()")
        #expect(requiredPermissions(of: statement) == .admin)
    }

    @Test(
        arguments: [("admin", true), ("editor", false), ("viewer", false), ("none", false)] as [(String, Bool)]
    )
    func gateAllowsOnlyAdmin(role: String, allowed: Bool) throws {
        let statement = try CypherParser.parse("CALL dbms.security.clearAuthCache()")
        let identity = Identity(principal: "u", roles: [role], provider: "ldap")
        let decision = PermissionGate().evaluate(identity, requires: requiredPermissions(of: statement))
        #expect((decision == .allow) == allowed)
        if !allowed {
            #expect(throws: ServerError(.forbidden, "")) {
                try PermissionGate().authorize(identity, requires: requiredPermissions(of: statement))
            }
        }
    }
}
