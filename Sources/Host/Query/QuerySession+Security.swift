extension QuerySession {
    /// Asks the permission gate for this session's identity; a denial is written to the
    /// security log, then thrown as `Forbidden`.
    /// - Parameter action: what was rejected, such as `query` or `CREATE USER`; never the text.
    public func authorize(_ required: PermissionSet, for action: String) throws(ServerError) {
        try service.authorize(identity, requires: required, for: action, origin: origin)
    }

    /// Returns the kind of statement for the security log: `query`, `schema` or the command's name.
    static func statementKind(_ statement: PreparedStatement) -> String {
        switch statement.kind {
        case .query: "query"
        case .schema: "schema"
        case .administration(let command): commandName(command)
        }
    }

    /// Writes an `account_change` entry for each applied change, naming this session's principal
    /// as the actor.
    func recordChanges(_ changes: [PreparedAdministration]) {
        guard service.audit.isEnabled else { return }
        for change in changes {
            var event = change.securityEvent
            event.fields["actor"] = .string(identity.principal)
            service.audit.record(event.with(origin))
        }
    }
}

extension PreparedAdministration {
    /// The security log entry for this change: the action, its target and what changed, without
    /// password hashes.
    var securityEvent: SecurityEvent {
        switch action {
        case .createUser(let name, _, let ifNotExists, let orReplace, let changeRequired, let suspended):
            SecurityEvent(
                .accountChange,
                [
                    "action": "create_user", "target": .string(name), "if_not_exists": .boolean(ifNotExists),
                    "or_replace": .boolean(orReplace), "change_required": .boolean(changeRequired),
                    "suspended": .boolean(suspended),
                ]
            )
        case .alterUser(let name, _, let passwordHash, let changeRequired, let status):
            alterEvent(name: name, passwordChanged: passwordHash != nil, changeRequired: changeRequired, status: status)
        case .dropUser(let name, _):
            SecurityEvent(.accountChange, ["action": "drop_user", "target": .string(name)])
        case .changeRoles(let grant, let roles, let users):
            SecurityEvent(
                .accountChange,
                [
                    "action": .string(grant ? "grant_roles" : "revoke_roles"), "roles": .strings(roles),
                    "targets": .strings(users),
                ]
            )
        case .changeOwnPassword(let name, _, _):
            SecurityEvent(.accountChange, ["action": "change_own_password", "target": .string(name)])
        }
    }

    private func alterEvent(
        name: String,
        passwordChanged: Bool,
        changeRequired: Bool?,
        status: AdministrationCommand.Status?
    ) -> SecurityEvent {
        var fields: [String: SecurityEvent.Field] = [
            "action": "alter_user", "target": .string(name), "password_changed": .boolean(passwordChanged),
        ]
        if let changeRequired { fields["change_required"] = .boolean(changeRequired) }
        if let status { fields["status"] = .string(status == .suspended ? "suspended" : "active") }
        return SecurityEvent(.accountChange, fields)
    }
}
