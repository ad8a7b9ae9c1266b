public import GraphValue
public import Host

extension AdministrationStatement {
    /// Substitutes parameters for names and passwords and returns the command to run.
    ///
    /// Throws `.parameterMissing` when a parameter is absent and `.typeError` when it is not a
    /// string (or is null). Messages name the parameter and its type, never its value.
    ///
    /// NOTE: the `YIELD`/`WHERE`/`RETURN` filters of the SHOW forms have no place in
    /// ``AdministrationCommand``; read them from the statement when the result is shaped.
    public func resolve(parameters: [String: Value]) throws(ServerError) -> AdministrationCommand {
        switch self {
        case .createUser(let name, let password, let ifNotExists, let orReplace, let changeRequired, let status):
            return .createUser(
                name: try name.resolve(parameters),
                password: try password.resolve(parameters),
                ifNotExists: ifNotExists,
                orReplace: orReplace,
                changeRequired: changeRequired,
                status: status
            )
        case .alterUser(let name, let ifExists, let password, let changeRequired, let status):
            return .alterUser(
                name: try name.resolve(parameters),
                ifExists: ifExists,
                password: try password?.resolve(parameters),
                changeRequired: changeRequired,
                status: status
            )
        case .dropUser(let name, let ifExists):
            return .dropUser(name: try name.resolve(parameters), ifExists: ifExists)
        case .showUsers:
            return .showUsers
        case .showCurrentUser:
            return .showCurrentUser
        case .grantRoles(let roles, let users):
            return .grantRoles(roles: try Self.resolve(roles, parameters), users: try Self.resolve(users, parameters))
        case .revokeRoles(let roles, let users):
            return .revokeRoles(roles: try Self.resolve(roles, parameters), users: try Self.resolve(users, parameters))
        case .showRoles:
            return .showRoles
        case .alterCurrentUserPassword(let old, let new):
            return .alterCurrentUserPassword(old: try old.resolve(parameters), new: try new.resolve(parameters))
        case .clearAuthCache:
            return .clearAuthCache
        }
    }

    private static func resolve(_ names: [AdministrationName], _ parameters: [String: Value]) throws(ServerError)
        -> [String]
    {
        var resolved: [String] = []
        for name in names { resolved.append(try name.resolve(parameters)) }
        return resolved
    }
}

extension AdministrationName {
    /// Returns the written name, or the string value of the parameter.
    public func resolve(_ parameters: [String: Value]) throws(ServerError) -> String {
        switch self {
        case .literal(let name):
            return name
        case .parameter(let parameter):
            return try stringParameter(parameter, in: parameters, role: "name")
        }
    }
}

extension PasswordSource {
    /// Returns the written password, or the string value of the parameter, as a `Secret`.
    public func resolve(_ parameters: [String: Value]) throws(ServerError) -> Secret {
        switch self {
        case .literal(let secret):
            return secret
        case .parameter(let parameter):
            return Secret(try stringParameter(parameter, in: parameters, role: "password"))
        }
    }
}

private func stringParameter(_ name: String, in parameters: [String: Value], role: String) throws(ServerError)
    -> String
{
    guard let value = parameters[name] else {
        throw ServerError(.parameterMissing, "Expected parameter(s): \(name)")
    }
    guard case .string(let text) = value else {
        throw ServerError(
            .typeError,
            "Expected \(role) parameter $\(name) to have type String but was \(value.typeName)"
        )
    }
    return text
}
