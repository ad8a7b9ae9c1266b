import Host
import JSON

/// The JSON forms of accounts in management responses. They never contain a password hash.
enum AccountJSON {
    /// `{"username", "roles", "suspended", "change_required", "kind", "created_at"}`.
    static func user(_ account: Account) -> JSONValue {
        [
            "username": .string(account.name),
            "roles": .array(account.roles.map(JSONValue.string)),
            "suspended": .bool(account.suspended),
            "change_required": .bool(account.changeRequired),
            "kind": .string(account.kind.rawValue),
            "created_at": .string(Timestamp.rfc3339(account.createdAt)),
        ]
    }

    /// `{"id", "role", "roles", "kind": "service", "suspended", "created_at"}`. `role` is the
    /// first role, or null for none; `roles` lists them all, since `GRANT ROLE` may add more.
    static func serviceAccount(_ account: Account) -> JSONValue {
        [
            "id": .string(account.name),
            "role": account.roles.first.map(JSONValue.string) ?? .null,
            "roles": .array(account.roles.map(JSONValue.string)),
            "kind": .string(account.kind.rawValue),
            "suspended": .bool(account.suspended),
            "created_at": .string(Timestamp.rfc3339(account.createdAt)),
        ]
    }
}

extension AccountManager {
    /// Looks up the account named `name` and checks that it is of `kind`.
    ///
    /// - Throws: ``ManagementError/notFound(_:)`` when no account has that name, or it is of
    ///   the other kind, so each path manages only its own kind of account.
    func account(named name: String, kind: Account.Kind) throws(ManagementError) -> Account {
        guard let account = account(named: name), account.kind == kind else {
            switch kind {
            case .user: throw .notFound("User '\(name)' does not exist.")
            case .service: throw .notFound("Service account '\(name)' does not exist.")
            }
        }
        return account
    }

    /// Rejects a name any account already has, whatever its kind.
    ///
    /// - Throws: ``ManagementError/conflict(_:)``.
    func requireUnused(_ name: String) throws(ManagementError) {
        guard let existing = account(named: name) else { return }
        let kind = existing.kind == .service ? "a service account" : "a user"
        throw .conflict("The name '\(name)' is already taken by \(kind).")
    }
}
