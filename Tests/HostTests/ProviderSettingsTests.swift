import Testing

@testable import Host

/// The provider chain, login cache and `NORNICDB_LDAP_*` settings, and the rules between them.
@Suite struct ProviderSettingsTests {
    private let loader = ConfigurationLoader()

    /// The minimum settings of the ldap provider: a server and a way to find users.
    static let ldapBase = [
        "NORNICDB_AUTH_PROVIDERS": "local,ldap",
        "NORNICDB_LDAP_URIS": "ldap://127.0.0.1:3389",
        "NORNICDB_LDAP_USER_DN_TEMPLATE": "uid={0},ou=people,dc=example,dc=org",
    ]

    private func failure(_ environment: [String: String], _ arguments: [String] = []) -> String? {
        do {
            _ = try loader.load(environment: environment, arguments: arguments)
            return nil
        } catch {
            return error.message
        }
    }

    private func ldap(_ extra: [String: String]) -> [String: String] {
        Self.ldapBase.merging(extra) { _, new in new }
    }

    /// Returns the `serve` flag of an LDAP variable, such as `--ldap-bind-dn` for `NORNICDB_LDAP_BIND_DN`.
    private static func flag(for variable: String) -> String {
        let suffix = variable.dropFirst("NORNICDB_LDAP_".count).lowercased()
        return "--ldap-" + String(suffix.map { $0 == "_" ? "-" : $0 })
    }

    // MARK: - NORNICDB_AUTH_PROVIDERS

    @Test func providersDefault() throws {
        let config = try loader.load(environment: [:], arguments: [])
        #expect(config.authProviders == ["local"])
        #expect(config.authCacheTTLSeconds == 600)
        #expect(config.authCacheMaximumEntries == 10_000)
        #expect(config.ldap == LDAPSettings())
    }

    @Test(
        arguments: [
            ("local", ["local"]),
            ("ldap", ["ldap"]),
            ("local,ldap", ["local", "ldap"]),
            ("ldap,local", ["ldap", "local"]),
            (" ldap , local ", ["ldap", "local"]),
            ("\tlocal,\nldap", ["local", "ldap"]),
        ] as [(String, [String])]
    )
    func providersParsed(text: String, expected: [String]) throws {
        // LDAP settings without ldap in the chain stop start-up, so only chains with ldap get them.
        let environment =
            expected.contains("ldap") ? ldap(["NORNICDB_AUTH_PROVIDERS": text]) : ["NORNICDB_AUTH_PROVIDERS": text]
        let config = try loader.load(environment: environment, arguments: [])
        #expect(config.authProviders == expected)
    }

    @Test func providersFlag() throws {
        let config = try loader.load(environment: Self.ldapBase, arguments: ["--auth-providers", "ldap,local"])
        #expect(config.authProviders == ["ldap", "local"])
    }

    @Test(arguments: ["kerberos", "local,radius", "LDAP", "PAM", "Local"])
    func providerUnknown(text: String) {
        let message = failure(ldap(["NORNICDB_AUTH_PROVIDERS": text]))
        #expect(message?.contains("NORNICDB_AUTH_PROVIDERS") == true)
        #expect(message?.contains("unknown provider") == true)
    }

    @Test(arguments: ["local,local", "ldap,local,ldap", "local, local"])
    func providerDuplicate(text: String) {
        let message = failure(ldap(["NORNICDB_AUTH_PROVIDERS": text]))
        #expect(message?.contains("NORNICDB_AUTH_PROVIDERS") == true)
        #expect(message?.contains("twice") == true)
    }

    @Test(arguments: ["", " ", "local,", ",ldap", "local,,ldap", "local, ,ldap"])
    func providerEmptyEntry(text: String) {
        let message = failure(ldap(["NORNICDB_AUTH_PROVIDERS": text]))
        #expect(message?.contains("NORNICDB_AUTH_PROVIDERS") == true)
        #expect(message?.contains("empty entry") == true)
    }

    // MARK: - Login cache

    @Test(
        arguments: [("0", 0), ("0s", 0), ("2", 2), ("2s", 2), ("10m", 600), ("1h", 3_600), ("24h", 86_400)]
            as [(String, Int64)]
    )
    func cacheTTLParsed(text: String, seconds: Int64) throws {
        let config = try loader.load(environment: ["NORNICDB_AUTH_CACHE_TTL": text], arguments: [])
        #expect(config.authCacheTTLSeconds == seconds)
    }

    @Test(arguments: ["86401", "2d", "500ms", "1.5s", "-1", "10M", "soon", ""])
    func cacheTTLRejected(text: String) {
        let message = failure(["NORNICDB_AUTH_CACHE_TTL": text])
        #expect(message?.contains("NORNICDB_AUTH_CACHE_TTL") == true)
        #expect(message?.contains("86400s") == true)
    }

    @Test func cacheTTLFlag() throws {
        let config = try loader.load(environment: [:], arguments: ["--auth-cache-ttl=90s"])
        #expect(config.authCacheTTLSeconds == 90)
    }

    @Test(arguments: [("1", 1), ("10000", 10_000), ("1000000", 1_000_000)] as [(String, Int)])
    func cacheMaximumEntriesParsed(text: String, count: Int) throws {
        let config = try loader.load(environment: ["NORNICDB_AUTH_CACHE_MAX_ENTRIES": text], arguments: [])
        #expect(config.authCacheMaximumEntries == count)
    }

    @Test(arguments: ["0", "1000001", "-5", "ten", "1e3", ""])
    func cacheMaximumEntriesRejected(text: String) {
        let message = failure(["NORNICDB_AUTH_CACHE_MAX_ENTRIES": text])
        #expect(message?.contains("NORNICDB_AUTH_CACHE_MAX_ENTRIES") == true)
        #expect(message?.contains("1 to 1000000") == true)
    }

    // MARK: - NORNICDB_LDAP_* values

    /// Every LDAP variable, with a value other than its default.
    static let everyLDAPVariable: [String: String] = [
        "NORNICDB_LDAP_URIS": "ldap://127.0.0.1:3389, ldap://127.0.0.1:3390",
        "NORNICDB_LDAP_STARTTLS": "true",
        "NORNICDB_LDAP_CA_FILE": "/etc/nornicdb/ca.pem",
        "NORNICDB_LDAP_VERIFY_CERTIFICATE": "false",
        "NORNICDB_LDAP_USER_SEARCH_BASE": "ou=people,dc=example,dc=org",
        "NORNICDB_LDAP_BIND_DN": "cn=reader,dc=example,dc=org",
        "NORNICDB_LDAP_BIND_PASSWORD": "reader-password",
        "NORNICDB_LDAP_USER_SEARCH_FILTER": "(&(objectClass=person)(cn={0}))",
        "NORNICDB_LDAP_GROUP_ATTRIBUTES": "memberOf, isMemberOf",
        "NORNICDB_LDAP_GROUP_SEARCH_BASE": "ou=groups,dc=example,dc=org",
        "NORNICDB_LDAP_GROUP_SEARCH_FILTER": "(|(member={0})(memberUid={1}))",
        "NORNICDB_LDAP_NESTED_GROUPS": "true",
        "NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING": "\"cn=a,dc=org\" = admin",
        "NORNICDB_LDAP_DEFAULT_ROLE": "viewer",
        "NORNICDB_LDAP_REQUIRED_GROUP": "cn=users,ou=groups,dc=example,dc=org",
        "NORNICDB_LDAP_CONNECT_TIMEOUT": "3s",
        "NORNICDB_LDAP_READ_TIMEOUT": "1m",
        "NORNICDB_LDAP_REFERRALS": "fail",
        "NORNICDB_LDAP_MAX_CONNECTIONS": "4",
    ]

    private func expectEveryLDAPValue(_ settings: LDAPSettings) {
        #expect(settings.uris == ["ldap://127.0.0.1:3389", "ldap://127.0.0.1:3390"])
        #expect(settings.startTLS)
        #expect(settings.caFile == "/etc/nornicdb/ca.pem")
        #expect(!settings.verifyCertificate)
        #expect(settings.userDNTemplate == nil)
        #expect(settings.userSearchBase == "ou=people,dc=example,dc=org")
        #expect(settings.bindDN == "cn=reader,dc=example,dc=org")
        #expect(settings.bindPassword?.reveal() == "reader-password")
        #expect(settings.userSearchFilter == "(&(objectClass=person)(cn={0}))")
        #expect(settings.groupAttributes == ["memberOf", "isMemberOf"])
        #expect(settings.groupSearchBase == "ou=groups,dc=example,dc=org")
        #expect(settings.groupSearchFilter == "(|(member={0})(memberUid={1}))")
        #expect(settings.nestedGroups)
        #expect(settings.groupToRoleMapping == "\"cn=a,dc=org\" = admin")
        #expect(settings.defaultRole == "viewer")
        #expect(settings.requiredGroup == "cn=users,ou=groups,dc=example,dc=org")
        #expect(settings.connectTimeoutSeconds == 3)
        #expect(settings.readTimeoutSeconds == 60)
        #expect(settings.referrals == .fail)
        #expect(settings.maximumConnections == 4)
    }

    @Test func everyLDAPVariableParsed() throws {
        var environment = Self.everyLDAPVariable
        environment["NORNICDB_AUTH_PROVIDERS"] = "ldap"
        let config = try loader.load(environment: environment, arguments: [])
        expectEveryLDAPValue(config.ldap)
        #expect(Set(config.ldap.givenBy) == Set(Self.everyLDAPVariable.keys))
    }

    @Test func everyLDAPFlagParsed() throws {
        var arguments = ["--auth-providers", "ldap"]
        for (variable, value) in Self.everyLDAPVariable.sorted(by: { $0.key < $1.key }) {
            arguments += [Self.flag(for: variable), value]
        }
        let config = try loader.load(environment: [:], arguments: arguments)
        expectEveryLDAPValue(config.ldap)
    }

    @Test func tableCoversEveryLDAPSetting() {
        let settings = ConfigurationLoader.settings.filter { $0.variable.hasPrefix("NORNICDB_LDAP_") }
        #expect(
            Set(settings.map(\.variable)).subtracting(["NORNICDB_LDAP_USER_DN_TEMPLATE"])
                == Set(Self.everyLDAPVariable.keys)
        )
        for setting in settings {
            #expect(setting.flag == Self.flag(for: setting.variable))
        }
    }

    @Test func ldapDefaults() throws {
        let settings = try loader.load(environment: Self.ldapBase, arguments: []).ldap
        #expect(!settings.startTLS)
        #expect(settings.verifyCertificate)
        #expect(settings.userSearchFilter == "(&(objectClass=*)(uid={0}))")
        #expect(settings.groupAttributes == ["memberOf"])
        #expect(settings.groupSearchFilter == "(member={0})")
        #expect(!settings.nestedGroups)
        #expect(settings.defaultRole == "none")
        #expect(settings.connectTimeoutSeconds == 10)
        #expect(settings.readTimeoutSeconds == 10)
        #expect(settings.referrals == .ignore)
        #expect(settings.maximumConnections == 8)
    }

    @Test func userDNTemplateParsed() throws {
        let settings = try loader.load(environment: Self.ldapBase, arguments: []).ldap
        #expect(settings.userDNTemplate == "uid={0},ou=people,dc=example,dc=org")
        #expect(settings.userSearchBase == nil)
    }

    @Test func userDNTemplateFlag() throws {
        let arguments = [
            "--auth-providers=ldap", "--ldap-uris=ldaps://127.0.0.1:6636",
            "--ldap-user-dn-template", "cn={0},dc=example,dc=org",
        ]
        let settings = try loader.load(environment: [:], arguments: arguments).ldap
        #expect(settings.userDNTemplate == "cn={0},dc=example,dc=org")
        #expect(settings.uris == ["ldaps://127.0.0.1:6636"])
        #expect(settings.givenBy.contains("NORNICDB_LDAP_USER_DN_TEMPLATE"))
    }

    @Test func booleanFlagAlone() throws {
        var environment = Self.ldapBase
        environment["NORNICDB_LDAP_USER_DN_TEMPLATE"] = nil
        environment["NORNICDB_LDAP_USER_SEARCH_BASE"] = "ou=people,dc=example,dc=org"
        environment["NORNICDB_LDAP_GROUP_SEARCH_BASE"] = "ou=groups,dc=example,dc=org"
        let config = try loader.load(environment: environment, arguments: ["--ldap-nested-groups", "--ldap-starttls"])
        #expect(config.ldap.nestedGroups)
        #expect(config.ldap.startTLS)
    }

    @Test func groupAttributesEmptyMeansNone() throws {
        let settings = try loader.load(environment: ldap(["NORNICDB_LDAP_GROUP_ATTRIBUTES": ""]), arguments: [])
        #expect(settings.ldap.groupAttributes.isEmpty)
    }

    @Test func bindPasswordFromFile() throws {
        let loader = ConfigurationLoader { path in
            guard path == "/run/secrets/ldap" else { throw SettingFileTests.StubFiles.Missing() }
            return "file-password\n"
        }
        let environment = ldap([
            "NORNICDB_LDAP_BIND_DN": "cn=reader,dc=example,dc=org",
            "NORNICDB_LDAP_BIND_PASSWORD_FILE": "/run/secrets/ldap",
        ])
        let config = try loader.load(environment: environment, arguments: [])
        #expect(config.ldap.bindPassword?.reveal() == "file-password")
    }

    @Test(
        arguments: [
            ("NORNICDB_LDAP_URIS", "http://127.0.0.1"),
            ("NORNICDB_LDAP_URIS", "ldap://"),
            ("NORNICDB_LDAP_URIS", " , "),
            ("NORNICDB_LDAP_STARTTLS", "maybe"),
            ("NORNICDB_LDAP_CA_FILE", " "),
            ("NORNICDB_LDAP_VERIFY_CERTIFICATE", "sometimes"),
            ("NORNICDB_LDAP_USER_DN_TEMPLATE", "uid=alice,dc=org"),
            ("NORNICDB_LDAP_BIND_DN", ""),
            ("NORNICDB_LDAP_BIND_PASSWORD", ""),
            ("NORNICDB_LDAP_USER_SEARCH_BASE", ""),
            ("NORNICDB_LDAP_USER_SEARCH_FILTER", "uid={0}"),
            ("NORNICDB_LDAP_USER_SEARCH_FILTER", "(uid=alice)"),
            ("NORNICDB_LDAP_GROUP_SEARCH_BASE", ""),
            ("NORNICDB_LDAP_GROUP_SEARCH_FILTER", "(member=cn=x)"),
            ("NORNICDB_LDAP_NESTED_GROUPS", "deep"),
            ("NORNICDB_LDAP_DEFAULT_ROLE", "root"),
            ("NORNICDB_LDAP_REQUIRED_GROUP", ""),
            ("NORNICDB_LDAP_CONNECT_TIMEOUT", "0"),
            ("NORNICDB_LDAP_CONNECT_TIMEOUT", "301s"),
            ("NORNICDB_LDAP_READ_TIMEOUT", "1.5s"),
            ("NORNICDB_LDAP_READ_TIMEOUT", "500ms"),
            ("NORNICDB_LDAP_REFERRALS", "chase"),
            ("NORNICDB_LDAP_MAX_CONNECTIONS", "0"),
            ("NORNICDB_LDAP_MAX_CONNECTIONS", "65"),
        ] as [(String, String)]
    )
    func ldapValueRejected(variable: String, value: String) {
        let message = failure(ldap([variable: value]))
        #expect(message?.contains(variable) == true, "\(message ?? "accepted")")
    }

    @Test func bindPasswordNeverEchoed() {
        // A password without a bind DN breaks a rule between settings, and that message must not show it.
        let message = failure(ldap(["NORNICDB_LDAP_BIND_PASSWORD": "hunter2-password"])) ?? ""
        #expect(message.contains("NORNICDB_LDAP_BIND_DN"))
        #expect(!message.contains("hunter2-password"))
    }

    // MARK: - Rules between settings

    @Test(arguments: ["NORNICDB_LDAP_URIS", "NORNICDB_LDAP_STARTTLS", "NORNICDB_LDAP_REFERRALS"])
    func ldapSettingWithoutLDAPProvider(variable: String) {
        let value = Self.everyLDAPVariable[variable] ?? ""
        let message = failure([variable: value])
        #expect(message?.contains(variable) == true)
        #expect(message?.contains("NORNICDB_AUTH_PROVIDERS") == true)
    }

    @Test func ldapFlagWithoutLDAPProvider() {
        let message = failure(["NORNICDB_AUTH_PROVIDERS": "local"], ["--ldap-referrals", "fail"])
        #expect(message?.contains("NORNICDB_LDAP_REFERRALS") == true)
    }

    @Test func ldapFileSettingWithoutLDAPProvider() {
        let loader = ConfigurationLoader { _ in "file-password" }
        do {
            _ = try loader.load(environment: ["NORNICDB_LDAP_BIND_PASSWORD_FILE": "/run/secrets/ldap"], arguments: [])
            Issue.record("accepted an LDAP setting without ldap in NORNICDB_AUTH_PROVIDERS")
        } catch {
            // NOTE: the message names the setting NORNICDB_LDAP_BIND_PASSWORD, not the _FILE variable that was set.
            #expect(error.message.contains("NORNICDB_LDAP_BIND_PASSWORD"))
            #expect(error.message.contains("NORNICDB_AUTH_PROVIDERS"))
            #expect(!error.message.contains("file-password"))
        }
    }

    @Test func ldapWithoutURIs() {
        var environment = Self.ldapBase
        environment["NORNICDB_LDAP_URIS"] = nil
        let message = failure(environment)
        #expect(message?.contains("NORNICDB_LDAP_URIS") == true)
    }

    @Test func ldapWithoutLookup() {
        var environment = Self.ldapBase
        environment["NORNICDB_LDAP_USER_DN_TEMPLATE"] = nil
        let message = failure(environment)
        #expect(message?.contains("NORNICDB_LDAP_USER_DN_TEMPLATE") == true)
        #expect(message?.contains("NORNICDB_LDAP_USER_SEARCH_BASE") == true)
    }

    @Test func ldapWithBothLookups() {
        let message = failure(ldap(["NORNICDB_LDAP_USER_SEARCH_BASE": "ou=people,dc=example,dc=org"]))
        #expect(message?.contains("NORNICDB_LDAP_USER_DN_TEMPLATE") == true)
        #expect(message?.contains("NORNICDB_LDAP_USER_SEARCH_BASE") == true)
        #expect(message?.contains("both") == true)
    }

    @Test func searchBaseAloneAccepted() throws {
        var environment = Self.ldapBase
        environment["NORNICDB_LDAP_USER_DN_TEMPLATE"] = nil
        environment["NORNICDB_LDAP_USER_SEARCH_BASE"] = "ou=people,dc=example,dc=org"
        let config = try loader.load(environment: environment, arguments: [])
        #expect(config.ldap.userSearchBase == "ou=people,dc=example,dc=org")
    }

    @Test func bindDNWithoutPassword() {
        let message = failure(ldap(["NORNICDB_LDAP_BIND_DN": "cn=reader,dc=example,dc=org"]))
        #expect(message?.contains("NORNICDB_LDAP_BIND_DN") == true)
        #expect(message?.contains("NORNICDB_LDAP_BIND_PASSWORD") == true)
    }

    @Test func nestedGroupsWithoutSearchBase() {
        let message = failure(ldap(["NORNICDB_LDAP_NESTED_GROUPS": "true"]))
        #expect(message?.contains("NORNICDB_LDAP_NESTED_GROUPS") == true)
        #expect(message?.contains("NORNICDB_LDAP_GROUP_SEARCH_BASE") == true)
    }

    @Test(arguments: ["ldaps://127.0.0.1", "LDAPS://127.0.0.1", "ldap://127.0.0.1 ldaps://127.0.0.2"])
    func startTLSWithLDAPS(uris: String) {
        let message = failure(ldap(["NORNICDB_LDAP_STARTTLS": "true", "NORNICDB_LDAP_URIS": uris]))
        #expect(message?.contains("NORNICDB_LDAP_STARTTLS") == true)
        #expect(message?.contains("ldaps://") == true)
    }

    @Test func startTLSWithLDAPAccepted() throws {
        let config = try loader.load(environment: ldap(["NORNICDB_LDAP_STARTTLS": "true"]), arguments: [])
        #expect(config.ldap.startTLS)
    }
}
