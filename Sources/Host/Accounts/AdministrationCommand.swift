/// A user or role administration statement, parsed from Cypher and run by ``AccountManager``.
///
/// These run against the `system` database and need the `admin` permission, except
/// ``alterCurrentUserPassword(old:new:)`` and ``showCurrentUser``, which any user may run.
public enum AdministrationCommand: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case active
        case suspended
    }

    case createUser(
        name: String,
        password: Secret,
        ifNotExists: Bool,
        orReplace: Bool,
        changeRequired: Bool?,
        status: Status?
    )
    case alterUser(name: String, ifExists: Bool, password: Secret?, changeRequired: Bool?, status: Status?)
    case dropUser(name: String, ifExists: Bool)
    case showUsers
    case showCurrentUser
    case grantRoles(roles: [String], users: [String])
    case revokeRoles(roles: [String], users: [String])
    case showRoles
    case alterCurrentUserPassword(old: Secret, new: Secret)
    /// `CALL dbms.security.clearAuthCache()`: forget the logins cached for outside providers.
    case clearAuthCache

    /// True for the commands that change accounts, which read access mode rejects; false for
    /// SHOW USERS, SHOW CURRENT USER and SHOW ROLES.
    public var changesAccounts: Bool {
        switch self {
        case .showUsers, .showCurrentUser, .showRoles, .clearAuthCache: false
        default: true
        }
    }

    /// True for the commands that run only against the `system` database. The self-service
    /// commands and DBMS procedures such as ``clearAuthCache`` run against any database.
    public var needsSystemDatabase: Bool {
        switch self {
        case .clearAuthCache: false
        default: !isSelfService
        }
    }

    /// True for the commands any authenticated user may run on themselves.
    public var isSelfService: Bool {
        switch self {
        case .showCurrentUser, .alterCurrentUserPassword: true
        default: false
        }
    }
}
