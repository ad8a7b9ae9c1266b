internal import Glibc
public import Host

/// The LDAP provider's settings, checked against libldap's DN syntax, ready for logins.
public struct LDAPConfiguration: Sendable {
    /// The way a login finds the user's entry.
    enum UserLookup: Sendable, Equatable {
        /// Bind as the template with `{0}` replaced by the escaped user name.
        case template(String)
        /// Search below `base` with the filter, `{0}` replaced by the escaped user name.
        case search(base: String, filter: String)
    }

    struct ServiceAccount: Sendable {
        var dn: String
        var password: Secret
    }

    let connection: LDAPConnectionOptions
    let lookup: UserLookup
    let serviceAccount: ServiceAccount?
    let groupAttributes: [String]
    let groupSearch: (base: String, filter: String)?
    let nestedGroups: Bool
    let mapping: GroupRoleMapping
    let defaultRole: String
    /// The normalized DN of the group required for access.
    let requiredGroup: String?
    let failOnReferral: Bool
    let maximumConnections: Int
    /// The maximum time a login waits for the directory, in seconds: the connect and read timeouts.
    let loginTimeoutSeconds: Int64

    /// Checks the settings that need libldap or the file system: the DNs, the mapping and the
    /// CA file.
    public init(_ settings: LDAPSettings) throws(ConfigurationError) {
        try Self.checkDistinguishedNames(settings)
        if let caFile = settings.caFile, !Self.isReadableFile(caFile) {
            throw .init("NORNICDB_LDAP_CA_FILE '\(caFile)' is not a readable file; give the path of a PEM file.")
        }
        connection = LDAPConnectionOptions(
            uris: settings.uris.joined(separator: " "),
            startTLS: settings.startTLS,
            caFile: settings.caFile,
            verifyCertificate: settings.verifyCertificate,
            connectTimeoutSeconds: Int(settings.connectTimeoutSeconds),
            readTimeoutSeconds: Int(settings.readTimeoutSeconds),
            followReferrals: settings.referrals == .follow
        )
        if let template = settings.userDNTemplate {
            lookup = .template(template)
        } else if let base = settings.userSearchBase {
            lookup = .search(base: base, filter: settings.userSearchFilter)
        } else {
            throw .init("The ldap provider needs NORNICDB_LDAP_USER_DN_TEMPLATE or NORNICDB_LDAP_USER_SEARCH_BASE.")
        }
        if let dn = settings.bindDN, let password = settings.bindPassword {
            serviceAccount = ServiceAccount(dn: dn, password: password)
        } else {
            serviceAccount = nil
        }
        groupAttributes = settings.groupAttributes
        groupSearch = settings.groupSearchBase.map { ($0, settings.groupSearchFilter) }
        nestedGroups = settings.nestedGroups
        mapping = try GroupRoleMapping.parse(
            settings.groupToRoleMapping,
            variable: "NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING"
        )
        defaultRole = settings.defaultRole
        if let group = settings.requiredGroup {
            guard let normalized = DistinguishedName.normalize(group) else {
                throw .init("NORNICDB_LDAP_REQUIRED_GROUP '\(group)' is not a distinguished name.")
            }
            requiredGroup = normalized
        } else {
            requiredGroup = nil
        }
        failOnReferral = settings.referrals == .fail
        maximumConnections = settings.maximumConnections
        loginTimeoutSeconds = settings.connectTimeoutSeconds + settings.readTimeoutSeconds
    }

    private static func checkDistinguishedNames(_ settings: LDAPSettings) throws(ConfigurationError) {
        let names: [(String, String?)] = [
            ("NORNICDB_LDAP_BIND_DN", settings.bindDN),
            ("NORNICDB_LDAP_USER_SEARCH_BASE", settings.userSearchBase),
            ("NORNICDB_LDAP_GROUP_SEARCH_BASE", settings.groupSearchBase),
            // A sample name shows whether the template makes a DN.
            ("NORNICDB_LDAP_USER_DN_TEMPLATE", settings.userDNTemplate?.replacingPlaceholder(with: "user")),
        ]
        for case (let variable, let value?) in names where DistinguishedName.normalize(value) == nil {
            throw .init(
                "\(variable) '\(value)' is not a distinguished name; use a form like ou=people,dc=example,dc=org."
            )
        }
    }

    private static func isReadableFile(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, R_OK) == 0
    }

    /// True when the server sends passwords over a connection without TLS.
    public var sendsPasswordsInClear: Bool {
        guard !connection.startTLS else { return false }
        return connection.uris.split(separator: " ").contains { $0.lowercased().hasPrefix("ldap://") }
    }

    public var verifiesCertificates: Bool { connection.verifyCertificate }

    /// True when a login for a name the directory does not have goes on to the next provider:
    /// always with search-then-bind, and with a DN template only when a service account can
    /// look the entry up.
    public var recognizesUnknownUsers: Bool {
        if case .search = lookup { return true }
        return serviceAccount != nil
    }
}

extension String {
    fileprivate func replacingPlaceholder(with value: String) -> String {
        LDAPDirectory.substitute(self, ["{0}": value])
    }
}
