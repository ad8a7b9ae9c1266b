import Foundation
import Host
import Testing

@testable import LDAPAuth

/// `LDAPConfiguration(_:)`, which turns the settings from the loader into the provider's form.
@Suite struct LDAPConfigurationTests {
    private func settings(_ change: (inout LDAPSettings) -> Void = { _ in }) -> LDAPSettings {
        var settings = LDAPSettings()
        settings.uris = ["ldap://127.0.0.1:3389"]
        settings.userDNTemplate = "uid={0},ou=people,dc=example,dc=org"
        change(&settings)
        return settings
    }

    private func failure(_ settings: LDAPSettings) -> String? {
        do {
            _ = try LDAPConfiguration(settings)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func templateLookup() throws {
        let configuration = try LDAPConfiguration(settings())
        #expect(configuration.lookup == .template("uid={0},ou=people,dc=example,dc=org"))
    }

    @Test func searchLookup() throws {
        let configuration = try LDAPConfiguration(
            settings {
                $0.userDNTemplate = nil
                $0.userSearchBase = "ou=people,dc=example,dc=org"
                $0.userSearchFilter = "(sAMAccountName={0})"
            }
        )
        #expect(configuration.lookup == .search(base: "ou=people,dc=example,dc=org", filter: "(sAMAccountName={0})"))
    }

    @Test func searchLookupDefaultFilter() throws {
        let configuration = try LDAPConfiguration(
            settings {
                $0.userDNTemplate = nil
                $0.userSearchBase = "ou=people,dc=example,dc=org"
            }
        )
        #expect(
            configuration.lookup == .search(base: "ou=people,dc=example,dc=org", filter: "(&(objectClass=*)(uid={0}))")
        )
    }

    @Test func noLookupRejected() {
        let message = failure(settings { $0.userDNTemplate = nil })
        #expect(message?.contains("NORNICDB_LDAP_USER_DN_TEMPLATE") == true)
        #expect(message?.contains("NORNICDB_LDAP_USER_SEARCH_BASE") == true)
    }

    @Test func serviceAccount() throws {
        let configuration = try LDAPConfiguration(
            settings {
                $0.bindDN = "cn=reader,dc=example,dc=org"
                $0.bindPassword = Secret("reader-password")
            }
        )
        let account = try #require(configuration.serviceAccount)
        #expect(account.dn == "cn=reader,dc=example,dc=org")
        #expect(account.password.reveal() == "reader-password")
    }

    @Test func noServiceAccount() throws {
        #expect(try LDAPConfiguration(settings()).serviceAccount == nil)
        // The loader rejects a DN without a password. Given one anyway, the configuration has no service account.
        #expect(try LDAPConfiguration(settings { $0.bindDN = "cn=reader,dc=org" }).serviceAccount == nil)
    }

    @Test func requiredGroupNormalized() throws {
        let configuration = try LDAPConfiguration(
            settings { $0.requiredGroup = "CN=Graph Users, OU=Groups, DC=Example, DC=Org" }
        )
        #expect(configuration.requiredGroup == "cn=graph users,ou=groups,dc=example,dc=org")
        #expect(try LDAPConfiguration(settings()).requiredGroup == nil)
    }

    @Test func invalidRequiredGroup() {
        let message = failure(settings { $0.requiredGroup = "graph users" })
        #expect(message?.contains("NORNICDB_LDAP_REQUIRED_GROUP") == true)
        #expect(message?.contains("graph users") == true)
    }

    @Test func invalidMappingNamesVariable() {
        let message = failure(settings { $0.groupToRoleMapping = "\"cn=a,dc=org\" = root" })
        #expect(message?.contains("NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING") == true)
    }

    @Test func mappingParsed() throws {
        let configuration = try LDAPConfiguration(settings { $0.groupToRoleMapping = "\"CN=A,DC=Org\" = editor" })
        #expect(configuration.mapping.rules == [.init(groups: ["cn=a,dc=org"], roles: ["editor"])])
    }

    @Test func loginTimeoutIsConnectPlusRead() throws {
        let configuration = try LDAPConfiguration(
            settings {
                $0.connectTimeoutSeconds = 3
                $0.readTimeoutSeconds = 7
            }
        )
        #expect(configuration.loginTimeoutSeconds == 10)
        #expect(configuration.connection.connectTimeoutSeconds == 3)
        #expect(configuration.connection.readTimeoutSeconds == 7)
        #expect(try LDAPConfiguration(settings()).loginTimeoutSeconds == 20)
    }

    @Test func connectionOptions() throws {
        let caFile = FileManager.default.temporaryDirectory.appendingPathComponent("ca-\(UUID().uuidString).pem").path
        try Data("not checked here\n".utf8).write(to: URL(fileURLWithPath: caFile))
        defer { try? FileManager.default.removeItem(atPath: caFile) }
        let configuration = try LDAPConfiguration(
            settings {
                $0.uris = ["ldap://127.0.0.1:3389", "ldap://127.0.0.1:3390"]
                $0.startTLS = true
                $0.caFile = caFile
                $0.verifyCertificate = false
                $0.referrals = .follow
                $0.maximumConnections = 3
            }
        )
        #expect(configuration.connection.uris == "ldap://127.0.0.1:3389 ldap://127.0.0.1:3390")
        #expect(configuration.connection.startTLS)
        #expect(configuration.connection.caFile == caFile)
        #expect(!configuration.verifiesCertificates)
        #expect(configuration.connection.followReferrals)
        #expect(!configuration.failOnReferral)
        #expect(configuration.maximumConnections == 3)
    }

    @Test func unreadableCAFileRejected() {
        #expect(throws: ConfigurationError.self) {
            try LDAPConfiguration(settings { $0.caFile = "/nonexistent/ca.pem" })
        }
    }

    @Test func invalidSearchBaseRejected() {
        #expect(throws: ConfigurationError.self) {
            try LDAPConfiguration(
                settings {
                    $0.userDNTemplate = nil
                    $0.userSearchBase = "not a dn"
                }
            )
        }
    }

    @Test(arguments: [(LDAPSettings.ReferralPolicy.ignore, false, false), (.follow, true, false), (.fail, false, true)])
    func referralPolicy(policy: LDAPSettings.ReferralPolicy, follows: Bool, fails: Bool) throws {
        let configuration = try LDAPConfiguration(settings { $0.referrals = policy })
        #expect(configuration.connection.followReferrals == follows)
        #expect(configuration.failOnReferral == fails)
    }

    @Test func groupSettings() throws {
        let configuration = try LDAPConfiguration(
            settings {
                $0.groupAttributes = ["memberOf", "isMemberOf"]
                $0.groupSearchBase = "ou=groups,dc=example,dc=org"
                $0.groupSearchFilter = "(uniqueMember={0})"
                $0.nestedGroups = true
                $0.defaultRole = "viewer"
            }
        )
        #expect(configuration.groupAttributes == ["memberOf", "isMemberOf"])
        #expect(configuration.groupSearch?.base == "ou=groups,dc=example,dc=org")
        #expect(configuration.groupSearch?.filter == "(uniqueMember={0})")
        #expect(configuration.nestedGroups)
        #expect(configuration.defaultRole == "viewer")
        #expect(try LDAPConfiguration(settings()).groupSearch == nil)
    }

    @Test(
        arguments: [
            (["ldap://127.0.0.1"], false, true),
            (["LDAP://127.0.0.1"], false, true),
            (["ldap://127.0.0.1"], true, false),
            (["ldaps://127.0.0.1"], false, false),
            (["ldaps://127.0.0.1", "ldap://127.0.0.2"], false, true),
            (["ldaps://127.0.0.1", "ldaps://127.0.0.2"], false, false),
        ] as [([String], Bool, Bool)]
    )
    func sendsPasswordsInClear(uris: [String], startTLS: Bool, clear: Bool) throws {
        let configuration = try LDAPConfiguration(
            settings {
                $0.uris = uris
                $0.startTLS = startTLS
            }
        )
        #expect(configuration.sendsPasswordsInClear == clear)
    }
}
