import Host
import Testing

@testable import LDAPAuth

/// Parsing of `NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING` and the roles a set of groups maps to.
@Suite struct GroupRoleMappingTests {
    static let variable = "NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING"
    static let admins = "cn=admins,ou=groups,dc=example,dc=org"
    static let ops = "cn=ops,ou=groups,dc=example,dc=org"
    static let oncall = "cn=oncall,ou=groups,dc=example,dc=org"

    private func parse(_ text: String) throws(ConfigurationError) -> GroupRoleMapping {
        try GroupRoleMapping.parse(text, variable: Self.variable)
    }

    private func failure(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func emptyTextHasNoRules() throws {
        #expect(try parse("").rules.isEmpty)
        #expect(try parse("  \n ").rules.isEmpty)
        #expect(try parse(";;").rules.isEmpty)
    }

    @Test func bareKey() throws {
        let mapping = try parse("cn=admins,ou=groups,dc=example,dc=org = admin")
        #expect(mapping.rules == [.init(groups: [Self.admins], roles: ["admin"])])
    }

    @Test func quotedKey() throws {
        let mapping = try parse("\"cn=admins,ou=groups,dc=example,dc=org\"=admin")
        #expect(mapping.rules == [.init(groups: [Self.admins], roles: ["admin"])])
    }

    @Test func keyIsNormalized() throws {
        let mapping = try parse("\"CN=Admins, OU=Groups, DC=Example, DC=Org\" = admin")
        #expect(mapping.rules.first?.groups == [Self.admins])
    }

    @Test func twoDNKey() throws {
        let mapping = try parse("\"\(Self.ops)\", \"\(Self.oncall)\" = editor")
        #expect(mapping.rules == [.init(groups: [Self.ops, Self.oncall], roles: ["editor"])])
    }

    @Test func severalRoles() throws {
        let mapping = try parse("\"\(Self.ops)\" = editor , viewer")
        #expect(mapping.rules.first?.roles == ["editor", "viewer"])
    }

    @Test func whitespaceAndNewlines() throws {
        let text = """

              "\(Self.admins)"   =   admin  ;
            \t"\(Self.ops)"
               = viewer;

            """
        let mapping = try parse(text)
        #expect(
            mapping.rules == [
                .init(groups: [Self.admins], roles: ["admin"]),
                .init(groups: [Self.ops], roles: ["viewer"]),
            ]
        )
    }

    @Test func emptyEntriesAndTrailingSemicolon() throws {
        let mapping = try parse(";\"\(Self.admins)\" = admin;; ;\"\(Self.ops)\" = viewer;")
        #expect(mapping.rules.count == 2)
    }

    @Test func dnWithEscapedCommaAndEquals() throws {
        let mapping = try parse("\"cn=a\\,b\\=c,ou=groups,dc=org\" = viewer")
        let expected = try #require(DistinguishedName.normalize("cn=a\\,b\\=c,ou=groups,dc=org"))
        #expect(mapping.rules == [.init(groups: [expected], roles: ["viewer"])])
    }

    @Test func escapedQuoteInKey() throws {
        // In the mapping, `\\` is a backslash and `\"` a quote, so the DN contains `\"`, its escape of a quote.
        let mapping = try parse(#""cn=say \\\"hi\\\",dc=org" = viewer"#)
        let expected = try #require(DistinguishedName.normalize(#"cn=say \"hi\",dc=org"#))
        #expect(mapping.rules == [.init(groups: [expected], roles: ["viewer"])])
    }

    @Test func unknownRole() {
        let message = failure("\"\(Self.admins)\" = admin, superuser")
        #expect(message?.contains(Self.variable) == true)
        #expect(message?.contains("superuser") == true)
        #expect(message?.contains("entry 1") == true)
    }

    @Test func roleIsCaseSensitive() {
        #expect(failure("\"\(Self.admins)\" = Admin")?.contains("Admin") == true)
    }

    @Test func entryNumberCountsFromOne() {
        let message = failure("\"\(Self.admins)\" = admin; \"\(Self.ops)\" = root")
        #expect(message?.contains("entry 2") == true)
    }

    @Test func unclosedQuote() {
        let message = failure("\"\(Self.admins) = admin")
        #expect(message?.contains(Self.variable) == true)
        #expect(message?.contains("unclosed quote") == true)
    }

    @Test func missingEquals() {
        let message = failure("\"\(Self.admins)\" admin")
        #expect(message?.contains(Self.variable) == true)
        #expect(message?.contains("'='") == true)
    }

    @Test func emptyRole() {
        #expect(failure("\"\(Self.admins)\" = ")?.contains("empty role") == true)
        #expect(failure("\"\(Self.admins)\" = admin, ,viewer")?.contains("empty role") == true)
    }

    @Test func emptyRoleBetweenCommas() {
        #expect(failure("\"\(Self.admins)\" = admin,,viewer")?.contains("empty role") == true)
        #expect(failure("\"\(Self.admins)\" = admin,")?.contains("empty role") == true)
    }

    @Test func keyNotADN() {
        let message = failure("\"not a dn\" = admin")
        #expect(message?.contains(Self.variable) == true)
        #expect(message?.contains("not a distinguished name") == true)
    }

    @Test func emptyKey() {
        #expect(failure(" = admin")?.contains(Self.variable) == true)
        #expect(failure("\"\" = admin")?.contains(Self.variable) == true)
    }

    @Test func textOutsideQuotes() {
        let message = failure("\"\(Self.ops)\" junk = viewer")
        #expect(message?.contains("outside the quotes") == true)
    }

    // MARK: - Roles for groups

    /// Members of both ops and oncall get editor, members of ops get viewer, and members of admins get
    /// admin and viewer.
    static let mapping = try! GroupRoleMapping.parse(
        "\"\(ops)\",\"\(oncall)\" = editor; \"\(ops)\" = viewer; \"\(admins)\" = admin, viewer",
        variable: variable
    )

    @Test func allGroupsOfKeyNeeded() {
        #expect(Self.mapping.roles(forGroups: [Self.ops, Self.oncall]) == ["editor", "viewer"])
        #expect(Self.mapping.roles(forGroups: [Self.ops]) == ["viewer"])
        #expect(Self.mapping.roles(forGroups: [Self.oncall]) == [])
    }

    @Test func rolesUnitedAndSorted() {
        let roles = Self.mapping.roles(forGroups: [Self.admins, Self.ops, Self.oncall])
        #expect(roles == ["admin", "editor", "viewer"])
    }

    @Test func noMatchIsEmpty() {
        #expect(Self.mapping.roles(forGroups: []) == [])
        #expect(Self.mapping.roles(forGroups: ["cn=other,dc=org"]) == [])
        #expect(GroupRoleMapping().roles(forGroups: [Self.admins]) == [])
    }

    @Test func groupsCompareNormalized() throws {
        // The provider normalizes the DNs it reads from the directory before this lookup.
        let fromDirectory = try #require(DistinguishedName.normalize("CN=Admins, OU=Groups, DC=Example, DC=Org"))
        #expect(Self.mapping.roles(forGroups: [fromDirectory]) == ["admin", "viewer"])
    }
}
