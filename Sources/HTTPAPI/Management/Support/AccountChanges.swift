import Host
import JSON

extension ManagementEndpoints {
    /// Rejects role names that are not built-in roles, naming the body field.
    ///
    /// - Throws: `InvalidFormat` (400).
    static func requireRoles(_ roles: [String], field: String) throws(ServerError) {
        for role in roles where Role.named(role) == nil {
            let known = Role.builtIn.map(\.name).joined(separator: ", ")
            throw .invalidRequest("The field '\(field)' names the unknown role '\(role)'; the roles are \(known).")
        }
    }

    /// Rejects a password shorter than the accounts' minimum, naming the body field.
    ///
    /// - Throws: `InvalidFormat` (400).
    static func requirePasswordLength(_ password: String, field: String) throws(ServerError) {
        guard password.count >= AccountManager.minimumPasswordLength else {
            throw .invalidRequest(
                "The field '\(field)' must be at least \(AccountManager.minimumPasswordLength) characters long."
            )
        }
    }

    /// Rejects a body with none of the fields a change takes, so an empty PATCH is reported.
    static func requireAnyField(_ body: [String: JSONValue], of fields: [String]) throws(ServerError) {
        guard fields.contains(where: { body[$0] != nil && body[$0] != .null }) else {
            throw .invalidRequest("The body must contain at least one of the fields \(fields.joined(separator: ", ")).")
        }
    }

    /// Makes the roles of `account` exactly `roles`, in that order for new ones, with the GRANT
    /// ROLE and REVOKE ROLE commands, so their checks apply.
    func setRoles(_ roles: [String], of account: Account, in session: QuerySession) async throws {
        var added: [String] = []
        for role in roles where !account.roles.contains(role) && !added.contains(role) { added.append(role) }
        let removed = account.roles.filter { !roles.contains($0) }
        if !added.isEmpty { _ = try await session.administer(.grantRoles(roles: added, users: [account.name])) }
        if !removed.isEmpty { _ = try await session.administer(.revokeRoles(roles: removed, users: [account.name])) }
    }

    /// Runs `changes` in one transaction on the system database, so the administration commands
    /// they send apply together at commit or not at all (for example when a revoke would remove
    /// the last admin).
    func inSystemTransaction(_ session: QuerySession, _ changes: () async throws -> Void) async throws {
        try await session.begin(database: QueryService.systemDatabase)
        do {
            try await changes()
            try await session.commit()
        } catch {
            await session.rollback()
            throw error
        }
    }

    /// Reads an account again after a change, for the response.
    func reloaded(_ name: String, kind: Account.Kind) throws(ManagementError) -> Account {
        try context.queries.accounts.account(named: name, kind: kind)
    }

    /// Logs an account change with the account and the principal who made it.
    func logChange(_ message: String, account: String, by session: QuerySession) {
        context.authLogger.info(message, metadata: ["auth.principal": session.identity.principal, "account": account])
    }

    /// Writes a security log entry for a request, with its client fields.
    func record(_ event: SecurityEvent, of request: RequestContext) {
        context.queries.audit.record(event.with(request.request.origin))
    }

    /// Writes a `service_account_change` entry; the account changes themselves are also logged
    /// as `account_change` entries where they go through administration commands.
    func recordServiceAccountChange(
        _ action: String,
        account: String,
        by session: QuerySession,
        of request: RequestContext,
        fields: [String: SecurityEvent.Field] = [:]
    ) {
        var event = SecurityEvent(
            .serviceAccountChange,
            ["action": .string(action), "target": .string(account), "actor": .string(session.identity.principal)]
        )
        event.fields.merge(fields) { current, _ in current }
        record(event, of: request)
    }
}
