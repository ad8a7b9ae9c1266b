/// The PAM provider's settings as given, checked for form only.
///
/// The PAM plugin parses the group-to-role mapping into its own configuration at start-up.
public struct PAMSettings: Sendable, Equatable {
    /// The PAM service, which names the stack in `/etc/pam.d/<service>`.
    public var service = "nornicdb"
    /// The mapping's text, Unix group names to roles; the plugin parses it.
    public var groupToRoleMapping = ""
    public var defaultRole = "none"
    /// The Unix group a user must belong to in order to log in at all.
    public var requiredGroup: String?
    /// The maximum time a login waits for the PAM stack, in seconds.
    public var timeoutSeconds: Int64 = 10
    /// The number of threads that run PAM calls, which is also the number of logins checked at once.
    public var maximumConcurrent = 4
    /// The variables or flags that set any of these, so start-up can reject PAM settings that
    /// would have no effect.
    public var givenBy: [String] = []

    public init() {}
}
