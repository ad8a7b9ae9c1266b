import Host

/// Service accounts in a stopped server's data directory, changed through an ``AccountManager``
/// so the rules and the Argon2id hashing are the server's own.
struct OfflineServiceAccounts: ServiceAccountStore {
    let accounts: AccountManager
    /// The security log file, when NORNICDB_AUDIT_LOG_PATH names one.
    let audit: AuditLog

    func create(id: String, role: String, secret: Secret) async throws -> ServiceAccountSummary {
        if let existing = accounts.account(named: id) {
            throw CommandFailure(
                "An account named '\(id)' already exists, as a \(Self.kindName(existing.kind)); choose another id."
            )
        }
        // A service account cannot answer a change-required prompt, so none is set.
        let account = try await accounts.create(name: id, kind: .service, password: secret, roles: [role])
        record("create", id: id, fields: ["roles": .strings([role])])
        return Self.summary(of: account)
    }

    func list() async throws -> [ServiceAccountSummary] {
        accounts.allAccounts.filter { $0.kind == .service }.map(Self.summary)
    }

    func rotateSecret(id: String) async throws -> Secret {
        try requireServiceAccount(id)
        let secret = GeneratedSecret.make()
        // Changing the password also moves `credentialsChangedAt`, so the login tokens issued
        // with the old secret stop working too.
        try await accounts.update(name: id, newPassword: secret)
        record("rotate_secret", id: id)
        return secret
    }

    func delete(id: String) async throws {
        try requireServiceAccount(id)
        try await accounts.delete(name: id)
        record("delete", id: id)
    }

    private func record(_ action: String, id: String, fields: [String: SecurityEvent.Field] = [:]) {
        var event = SecurityEvent(
            .serviceAccountChange,
            ["action": .string(action), "target": .string(id), "actor": SecurityLogSetup.commandActor]
        )
        event.fields.merge(fields) { current, _ in current }
        audit.record(event.with(SecurityLogSetup.commandOrigin))
    }

    /// Throws ``CommandFailure`` unless `id` names a service account; a user is not one, so
    /// these commands never change a person's account.
    private func requireServiceAccount(_ id: String) throws(CommandFailure) {
        guard let account = accounts.account(named: id) else {
            throw CommandFailure("No service account named '\(id)' exists; `nornicdb service-account list` shows them.")
        }
        guard account.kind == .service else {
            throw CommandFailure(
                "'\(id)' is a user, not a service account; change users with ALTER USER or DROP USER on the "
                    + "system database."
            )
        }
    }

    static func summary(of account: Account) -> ServiceAccountSummary {
        ServiceAccountSummary(
            id: account.name,
            roles: account.roles,
            suspended: account.suspended,
            createdAt: Timestamp.rfc3339(account.createdAt)
        )
    }

    private static func kindName(_ kind: Account.Kind) -> String {
        switch kind {
        case .user: "user"
        case .service: "service account"
        }
    }
}
