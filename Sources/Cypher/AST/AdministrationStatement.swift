public import Host

/// A user or role administration statement as parsed, before parameters are known.
///
/// Names and passwords may be parameters; ``resolve(parameters:)`` turns the statement into the
/// ``AdministrationCommand`` that the account manager runs. Passwords are kept as `Secret`, so
/// printing a statement never shows them.
public enum AdministrationStatement: Sendable, Hashable {
    case createUser(
        name: AdministrationName,
        password: PasswordSource,
        ifNotExists: Bool,
        orReplace: Bool,
        changeRequired: Bool?,
        status: AdministrationCommand.Status?
    )
    case alterUser(
        name: AdministrationName,
        ifExists: Bool,
        password: PasswordSource?,
        changeRequired: Bool?,
        status: AdministrationCommand.Status?
    )
    case dropUser(name: AdministrationName, ifExists: Bool)
    case showUsers(filter: ShowFilter)
    case showCurrentUser(filter: ShowFilter)
    case grantRoles(roles: [AdministrationName], users: [AdministrationName])
    case revokeRoles(roles: [AdministrationName], users: [AdministrationName])
    /// `SHOW [ALL | POPULATED] ROLES`; `populated` is true for `SHOW POPULATED ROLES`.
    case showRoles(populated: Bool, filter: ShowFilter)
    case alterCurrentUserPassword(old: PasswordSource, new: PasswordSource)
    /// `CALL dbms.security.clearAuthCache()`, standalone and without `YIELD`.
    case clearAuthCache
}

/// A user or role name: written in the query, or a parameter to look up when the statement runs.
public enum AdministrationName: Sendable, Hashable {
    case literal(String)
    case parameter(String)
}

/// A password: a string literal written in the query, or a parameter to look up when the
/// statement runs.
public enum PasswordSource: Sendable, Hashable {
    case literal(Secret)
    case parameter(String)
}
