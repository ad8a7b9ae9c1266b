/// An account-changing administration command whose passwords are already hashed, ready to be
/// applied to an ``AccountDraft``.
///
/// A session prepares each command when it runs (checks that need no current state, hashing,
/// old-password checks), then applies it inside ``AccountManager/change(preservingActiveAdmin:_:)``
/// at once or, inside an explicit transaction, at commit. ``apply(to:)`` repeats every check that
/// depends on the accounts, so a command prepared against one state is applied correctly to a
/// later one. It contains password hashes, never passwords.
struct PreparedAdministration: Sendable {
    enum Action: Sendable {
        case createUser(
            name: String,
            passwordHash: String,
            ifNotExists: Bool,
            orReplace: Bool,
            changeRequired: Bool,
            suspended: Bool
        )
        case alterUser(
            name: String,
            ifExists: Bool,
            passwordHash: String?,
            changeRequired: Bool?,
            status: AdministrationCommand.Status?
        )
        case dropUser(name: String, ifExists: Bool)
        case changeRoles(grant: Bool, roles: [String], users: [String])
        /// The principal's own password change; `verifiedHash` is the hash the old password was
        /// checked against.
        case changeOwnPassword(name: String, verifiedHash: String, newHash: String)
    }

    let action: Action
    /// The principal running the command, who may not drop or suspend itself.
    let principal: String

    /// True for the principal's own password change, after which its credentials are current.
    var isOwnPasswordChange: Bool {
        if case .changeOwnPassword = action { return true }
        return false
    }

    /// Applies the command to `draft` and returns its count of system updates.
    ///
    /// - Throws: `InvalidArguments` for a user that does not exist or already exists, a user
    ///   dropping or suspending itself, or an own password changed by someone else since it was
    ///   checked.
    func apply(to draft: inout AccountDraft) throws(ServerError) -> Int {
        switch action {
        case .createUser(let name, let hash, let ifNotExists, let orReplace, let changeRequired, let suspended):
            if draft.account(named: name) != nil {
                if ifNotExists { return 0 }
                if !orReplace { throw AccountManager.alreadyExists(name) }
            }
            // OR REPLACE makes a new account: the old one's roles and times do not carry over.
            draft.save(
                Account(
                    name: name,
                    passwordHash: hash,
                    roles: [],
                    suspended: suspended,
                    changeRequired: changeRequired,
                    createdAt: draft.now,
                    credentialsChangedAt: draft.now
                )
            )
            return 1
        case .alterUser(let name, let ifExists, let hash, let changeRequired, let status):
            guard var account = draft.account(named: name) else {
                if ifExists { return 0 }
                throw AccountManager.doesNotExist(name)
            }
            if status == .suspended, name == principal { throw Self.selfSuspension(name) }
            if let hash {
                account.passwordHash = hash
                account.credentialsChangedAt = draft.now
            }
            if let changeRequired { account.changeRequired = changeRequired }
            if let status {
                let suspend = status == .suspended
                // Suspension ends the account's tokens, as a password change does.
                if suspend && !account.suspended { account.credentialsChangedAt = draft.now }
                account.suspended = suspend
            }
            draft.save(account)
            return 1
        case .dropUser(let name, let ifExists):
            if name == principal { throw Self.selfDeletion(name) }
            if draft.delete(named: name) { return 1 }
            if ifExists { return 0 }
            throw ServerError(.invalidArguments, "Failed to delete the specified user '\(name)': User does not exist.")
        case .changeRoles(let grant, let roles, let users):
            return try applyRoles(grant: grant, roles: roles, users: users, to: &draft)
        case .changeOwnPassword(let name, let verifiedHash, let newHash):
            guard var account = draft.account(named: name) else { throw AccountManager.doesNotExist(name) }
            guard account.passwordHash == verifiedHash else {
                throw ServerError(
                    .invalidArguments,
                    "User '\(name)' failed to alter their own password: the password was changed by another "
                        + "session meanwhile; try again with the current password."
                )
            }
            account.passwordHash = newHash
            account.changeRequired = false
            account.credentialsChangedAt = draft.now
            draft.save(account)
            return 1
        }
    }

    private func applyRoles(grant: Bool, roles: [String], users: [String], to draft: inout AccountDraft)
        throws(ServerError) -> Int
    {
        for user in users where draft.account(named: user) == nil {
            throw Self.roleChangeFailure(
                grant: grant,
                role: roles.first ?? "",
                user: user,
                reason: "User does not exist"
            )
        }
        var updates = 0
        for user in users {
            guard var account = draft.account(named: user) else { continue }
            let before = account.roles
            for role in roles {
                if grant {
                    if !account.roles.contains(role) { account.roles.append(role) }
                } else {
                    account.roles.removeAll { $0 == role }
                }
            }
            if account.roles != before {
                draft.save(account)
                updates += 1
            }
        }
        return updates
    }

    static func roleChangeFailure(grant: Bool, role: String, user: String, reason: String) -> ServerError {
        let phrase = grant ? "grant role '\(role)' to" : "revoke role '\(role)' from"
        return ServerError(.invalidArguments, "Failed to \(phrase) user '\(user)': \(reason).")
    }

    static func selfSuspension(_ name: String) -> ServerError {
        ServerError(
            .invalidArguments,
            "Failed to alter the specified user '\(name)': Changing your own status is not allowed."
        )
    }

    static func selfDeletion(_ name: String) -> ServerError {
        ServerError(
            .invalidArguments,
            "Failed to delete the specified user '\(name)': Deleting yourself is not allowed."
        )
    }
}
