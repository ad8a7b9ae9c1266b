/// The LDAP provider's settings as given, checked for form only.
///
/// The LDAP plugin turns these into its own configuration at start-up, where it also checks
/// the distinguished names and the group-to-role mapping with libldap.
public struct LDAPSettings: Sendable, Equatable {
    /// How to treat referrals the directory returns.
    public enum ReferralPolicy: String, Sendable, Equatable, CaseIterable {
        /// Skip them: only the configured servers are contacted.
        case ignore
        /// Let libldap chase them, anonymously, to the server they name.
        case follow
        /// Fail the login with `AuthProviderFailed`.
        case fail
    }

    public var uris: [String] = []
    public var startTLS = false
    public var caFile: String?
    public var verifyCertificate = true
    public var userDNTemplate: String?
    public var bindDN: String?
    public var bindPassword: Secret?
    public var userSearchBase: String?
    public var userSearchFilter = "(&(objectClass=*)(uid={0}))"
    public var groupAttributes = ["memberOf"]
    public var groupSearchBase: String?
    public var groupSearchFilter = "(member={0})"
    public var nestedGroups = false
    /// The mapping's text; the plugin parses it.
    public var groupToRoleMapping = ""
    public var defaultRole = "none"
    public var requiredGroup: String?
    public var connectTimeoutSeconds: Int64 = 10
    public var readTimeoutSeconds: Int64 = 10
    public var referrals = ReferralPolicy.ignore
    public var maximumConnections = 8
    /// The variables or flags that set any of these, so start-up can refuse LDAP settings that
    /// would have no effect.
    public var givenBy: [String] = []

    public init() {}
}
