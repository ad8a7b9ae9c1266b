public import Host

/// The PAM provider's settings with the group-to-role mapping parsed, ready for logins.
public struct PAMConfiguration: Sendable {
    /// The service name passed to `pam_start`.
    let service: String
    let mapping: UnixGroupRoleMapping
    /// The role of a user in no mapped group.
    let defaultRole: String
    /// The Unix group a user must belong to; nil when any user may log in.
    let requiredGroup: String?
    /// The maximum time a login waits for PAM and the group lookup.
    let timeoutSeconds: Int64
    /// The provider's pool size: the number of logins checked at once.
    let maximumConcurrent: Int

    /// Checks the settings only the plugin checks: the group-to-role mapping.
    public init(_ settings: PAMSettings) throws(ConfigurationError) {
        service = settings.service
        mapping = try UnixGroupRoleMapping.parse(
            settings.groupToRoleMapping,
            variable: "NORNICDB_PAM_GROUP_TO_ROLE_MAPPING"
        )
        defaultRole = settings.defaultRole
        requiredGroup = settings.requiredGroup
        timeoutSeconds = settings.timeoutSeconds
        maximumConcurrent = settings.maximumConcurrent
    }

    /// Returns the roles of a user in `groups`: the mapped roles, else the default role.
    func roles(forGroups groups: Set<String>) -> [String] {
        let mapped = mapping.roles(forGroups: groups)
        return mapped.isEmpty ? [defaultRole] : mapped
    }
}
