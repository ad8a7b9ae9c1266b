import Cypher
import GraphValue
import Host
import Testing

@Suite struct AdministrationTests {
    private func administration(_ text: String) throws -> AdministrationStatement {
        guard case .administration(let statement) = try CypherParser.parse(text) else {
            throw ServerError(.unknownError, "not an administration command")
        }
        return statement
    }

    private func command(_ text: String, _ parameters: [String: Value] = [:]) throws -> AdministrationCommand {
        try administration(text).resolve(parameters: parameters)
    }

    @Test func createUser() throws {
        #expect(
            try command("CREATE USER alice SET PASSWORD 'pw1'")
                == .createUser(
                    name: "alice",
                    password: "pw1",
                    ifNotExists: false,
                    orReplace: false,
                    changeRequired: nil,
                    status: nil
                )
        )
        #expect(
            try command(
                "CREATE OR REPLACE USER `bob smith` SET PLAINTEXT PASSWORD 'x' CHANGE NOT REQUIRED SET STATUS SUSPENDED"
            )
                == .createUser(
                    name: "bob smith",
                    password: "x",
                    ifNotExists: false,
                    orReplace: true,
                    changeRequired: false,
                    status: .suspended
                )
        )
        #expect(
            try command(
                "create user carol if not exists set password $pw change required set status active",
                ["pw": .string("s")]
            )
                == .createUser(
                    name: "carol",
                    password: "s",
                    ifNotExists: true,
                    orReplace: false,
                    changeRequired: true,
                    status: .active
                )
        )
        #expect(
            try command("CREATE USER $name SET PASSWORD 'p'", ["name": .string("dave")])
                == .createUser(
                    name: "dave",
                    password: "p",
                    ifNotExists: false,
                    orReplace: false,
                    changeRequired: nil,
                    status: nil
                )
        )
        #expect(
            try command("CREATE USER 'quoted' SET PASSWORD 'p' SET PASSWORD CHANGE NOT REQUIRED")
                == .createUser(
                    name: "quoted",
                    password: "p",
                    ifNotExists: false,
                    orReplace: false,
                    changeRequired: false,
                    status: nil
                )
        )
        #expect(parseError("CREATE USER alice") != nil)
        #expect(parseError("CREATE OR REPLACE USER a IF NOT EXISTS SET PASSWORD 'p'") != nil)
        #expect(parseError("CREATE USER a SET PASSWORD 'p' SET PASSWORD 'q'") != nil)
    }

    @Test func alterAndDropUser() throws {
        #expect(
            try command("ALTER USER alice SET PASSWORD 'new' CHANGE REQUIRED")
                == .alterUser(name: "alice", ifExists: false, password: "new", changeRequired: true, status: nil)
        )
        #expect(
            try command("ALTER USER alice IF EXISTS SET STATUS SUSPENDED SET PASSWORD CHANGE NOT REQUIRED")
                == .alterUser(name: "alice", ifExists: true, password: nil, changeRequired: false, status: .suspended)
        )
        #expect(parseError("ALTER USER alice") != nil)
        #expect(try command("DROP USER alice") == .dropUser(name: "alice", ifExists: false))
        #expect(try command("DROP USER alice IF EXISTS") == .dropUser(name: "alice", ifExists: true))
    }

    @Test func showAndRoles() throws {
        #expect(try command("SHOW USERS") == .showUsers)
        #expect(try command("SHOW CURRENT USER") == .showCurrentUser)
        #expect(try command("SHOW ROLES") == .showRoles)
        #expect(try command("SHOW ALL ROLES") == .showRoles)
        #expect(try command("GRANT ROLE editor TO alice") == .grantRoles(roles: ["editor"], users: ["alice"]))
        #expect(
            try command("GRANT ROLES editor, viewer TO alice, `bob`")
                == .grantRoles(roles: ["editor", "viewer"], users: ["alice", "bob"])
        )
        #expect(
            try command("REVOKE ROLE admin FROM $u", ["u": .string("x")])
                == .revokeRoles(roles: ["admin"], users: ["x"])
        )
        guard case .showUsers(let filter) = try administration("SHOW USERS WHERE user = 'a'") else { return }
        #expect(filter.predicate != nil)
    }

    @Test func alterCurrentUser() throws {
        #expect(
            try command("ALTER CURRENT USER SET PASSWORD FROM 'old' TO $new", ["new": .string("n3w")])
                == .alterCurrentUserPassword(old: "old", new: "n3w")
        )
    }

    @Test func parameterResolutionErrors() throws {
        let statement = try administration("CREATE USER a SET PASSWORD $pw")
        #expect(throws: ServerError(.parameterMissing, "")) { try statement.resolve(parameters: [:]) }
        #expect(throws: ServerError(.typeError, "")) { try statement.resolve(parameters: ["pw": .integer(1)]) }
        #expect(throws: ServerError(.typeError, "")) { try statement.resolve(parameters: ["pw": .null]) }
    }

    @Test func passwordsNeverShown() throws {
        let secret = "Sup3rSecret"
        let statement = try administration("CREATE USER a SET PASSWORD '\(secret)'")
        #expect(!String(describing: statement).contains(secret))
        #expect(!String(reflecting: statement).contains(secret))
        let failing = [
            "CREATE USER a SET PASSWORD '\(secret)' garbage",
            "CREATE USER a SET PASSWORD \(secret)",
            "ALTER CURRENT USER SET PASSWORD FROM '\(secret)' '\(secret)'",
            "ALTER USER a SET PASSWORD '\(secret)' CHANGE MAYBE",
            "CREATE USER a SET PASSWORD '\(secret)",
            "CREATE USER a SET PASSWORD '\(secret)\\uZZZZ'",
            "ALTER USER a SET PASSWORD \(secret)§",
            "CREATE USER a SET PASSWORD '\(secret)' SET PASSWORD '\(secret)'",
        ]
        for text in failing {
            let error = parseError(text)
            #expect(error?.status == .syntaxError, "\(text.count) characters")
            #expect(error?.message.contains(secret) == false)
            #expect(error?.message.contains("Sup3r") == false)
        }
        let missing = try administration("ALTER USER a SET PASSWORD $p").resolve
        #expect(throws: ServerError.self) { try missing(["p": .list([.string(secret)])]) }
        do {
            _ = try missing(["p": .list([.string(secret)])])
        } catch {
            #expect(!error.message.contains(secret))
        }
    }

    @Test func unsupportedCommands() {
        for text in [
            "CREATE ROLE r", "DROP ROLE r", "GRANT MATCH {*} ON GRAPH * TO r", "SHOW DATABASES", "CREATE DATABASE x",
        ] {
            #expect(parseError(text)?.status == .unsupportedAdministrationCommand, "\(text)")
        }
    }
}
