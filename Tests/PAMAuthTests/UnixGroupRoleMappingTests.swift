import Host
import Testing

@testable import PAMAuth

/// The text form of `NORNICDB_PAM_GROUP_TO_ROLE_MAPPING` and the roles it gives.
@Suite struct UnixGroupRoleMappingTests {
    private static let variable = "NORNICDB_PAM_GROUP_TO_ROLE_MAPPING"

    private func parse(_ text: String) throws(ConfigurationError) -> [UnixGroupRoleMapping.Rule] {
        try UnixGroupRoleMapping.parse(text, variable: Self.variable).rules
    }

    private func failure(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(
        arguments: [
            ("", []),
            ("  ;  ; ", []),
            ("graph-admins = admin", [.init(groups: ["graph-admins"], roles: ["admin"])]),
            (
                "graph-admins = admin; graph-readers = viewer,editor",
                [
                    .init(groups: ["graph-admins"], roles: ["admin"]),
                    .init(groups: ["graph-readers"], roles: ["viewer", "editor"]),
                ]
            ),
            ("ops, oncall = editor;", [.init(groups: ["ops", "oncall"], roles: ["editor"])]),
            ("domain users = viewer", [.init(groups: ["domain users"], roles: ["viewer"])]),
            (#""a;b=c" = none"#, [.init(groups: ["a;b=c"], roles: ["none"])]),
            (
                #""say \"hi\"", "back\\slash" = viewer"#,
                [.init(groups: [#"say "hi""#, #"back\slash"#], roles: ["viewer"])]
            ),
            ("\tgraph-admins\t=\tadmin\n", [.init(groups: ["graph-admins"], roles: ["admin"])]),
        ] as [(String, [UnixGroupRoleMapping.Rule])]
    )
    func parseValid(text: String, expected: [UnixGroupRoleMapping.Rule]) throws {
        #expect(try parse(text) == expected)
    }

    @Test(arguments: [
        ("graph-admins admin", "has no '='"),
        ("a = b = admin", "more than one '='"),
        ("graph-admins = root", "unknown role 'root'"),
        ("graph-admins = admin,", "empty role"),
        ("graph-admins =", "empty role"),
        ("= admin", "empty group name"),
        ("ops, = editor", "empty group name"),
        (#""" = viewer"#, "empty group name"),
        (#""open = viewer"#, "not closed"),
        (#""a"b = viewer"#, "outside the quotes"),
        (#"a"b" = viewer"#, "inside the group name"),
    ])
    func parseInvalid(text: String, expected: String) {
        let message = failure(text)
        #expect(message?.contains(Self.variable) == true, "\(message ?? "no error")")
        #expect(message?.contains(expected) == true, "\(message ?? "no error")")
    }

    @Test func errorCountsEntries() {
        #expect(failure("a = admin; b = viewer; c = root")?.contains("entry 3") == true)
    }

    @Test func rolesUnionSorted() throws {
        let mapping = try UnixGroupRoleMapping.parse(
            "graph-readers = viewer; graph-admins = admin, viewer; graph-admins, graph-readers = editor",
            variable: Self.variable
        )
        #expect(mapping.roles(forGroups: ["graph-admins", "graph-readers"]) == ["admin", "editor", "viewer"])
        #expect(mapping.roles(forGroups: ["graph-readers"]) == ["viewer"])
        #expect(mapping.roles(forGroups: ["graph-admins"]) == ["admin", "viewer"])
        #expect(mapping.roles(forGroups: ["other"]) == [])
        #expect(mapping.roles(forGroups: []) == [])
    }

    @Test func groupNamesCaseSensitive() throws {
        let mapping = try UnixGroupRoleMapping.parse("Admins = admin", variable: Self.variable)
        #expect(mapping.roles(forGroups: ["admins"]) == [])
        #expect(mapping.roles(forGroups: ["Admins"]) == ["admin"])
    }
}
