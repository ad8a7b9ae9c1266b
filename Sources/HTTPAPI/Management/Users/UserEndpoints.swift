import HTTPServer
import Host
import JSON

/// `/api/v1/users`: accounts of kind `user`, managed with the same commands as Cypher's
/// CREATE USER, ALTER USER, DROP USER, GRANT ROLE and REVOKE ROLE.
///
/// Every endpoint needs the `admin` permission, except that an identity may read its own
/// account. The commands' own rules apply, so a caller cannot drop or suspend itself and
/// CREATE USER's default applies: `change_required` is true unless the body sets it. Paths
/// name only users: a service account's id gives 404.
extension ManagementEndpoints {
    /// `GET` lists the users; `POST` creates one.
    func users(_ request: RequestContext) async throws -> HTTPResponse {
        switch request.method {
        case "GET":
            _ = try await authenticateAdmin(request)
            let accounts = context.queries.accounts.allAccounts.filter { $0.kind == .user }
            return .json(200, .array(accounts.map(AccountJSON.user)))
        case "POST":
            return try await createUser(request)
        default:
            return .methodNotAllowed(["GET", "POST"])
        }
    }

    /// `GET`, `PATCH` and `DELETE` of one user.
    func user(_ request: RequestContext, name: String) async throws -> HTTPResponse {
        switch request.method {
        case "GET":
            let session = try await authenticate(request)
            try await requireCurrentCredentials(session)
            // Reading oneself is what SHOW CURRENT USER allows without `admin`.
            if session.identity.accountName != name {
                try session.authorize(.admin, for: "GET \(request.request.path)")
            }
            return .json(200, AccountJSON.user(try context.queries.accounts.account(named: name, kind: .user)))
        case "PATCH":
            return try await updateUser(request, name: name)
        case "DELETE":
            let session = try await authenticateAdmin(request)
            _ = try context.queries.accounts.account(named: name, kind: .user)
            _ = try await session.administer(.dropUser(name: name, ifExists: false))
            logChange("user deleted", account: name, by: session)
            return HTTPResponse(status: 204)
        default:
            return .methodNotAllowed(["GET", "PATCH", "DELETE"])
        }
    }

    /// `POST {"username", "password", "roles"?, "change_required"?, "suspended"?}`: returns 201
    /// with the user. A name any account has gives 409.
    private func createUser(_ request: RequestContext) async throws -> HTTPResponse {
        let session = try await authenticateAdmin(request)
        let body = try request.request.jsonObject()
        try BodyField.refuseUnknown(body, allowed: ["username", "password", "roles", "change_required", "suspended"])
        let name = try BodyField.requiredString(body, "username")
        let password = try BodyField.requiredString(body, "password")
        let roles = try BodyField.strings(body, "roles") ?? []
        let changeRequired = try BodyField.bool(body, "change_required")
        let suspended = try BodyField.bool(body, "suspended")
        try Self.requireRoles(roles, field: "roles")
        try Self.requirePasswordLength(password, field: "password")
        try context.queries.accounts.requireUnused(name)

        let create = AdministrationCommand.createUser(
            name: name,
            password: Secret(password),
            ifNotExists: false,
            orReplace: false,
            changeRequired: changeRequired,
            status: suspended.map { $0 ? .suspended : .active }
        )
        _ = try await session.administer(create)
        if !roles.isEmpty {
            do {
                _ = try await session.administer(.grantRoles(roles: roles, users: [name]))
            } catch {
                // A user without its requested roles must not stay behind after a failed create.
                _ = try? await session.administer(.dropUser(name: name, ifExists: true))
                throw error
            }
        }
        logChange("user created", account: name, by: session)
        return .json(201, AccountJSON.user(try reloaded(name, kind: .user)))
    }

    /// `PATCH {"password"?, "roles"?, "suspended"?, "change_required"?}`: `roles` replaces the
    /// user's roles. Returns 200 with the user.
    private func updateUser(_ request: RequestContext, name: String) async throws -> HTTPResponse {
        let session = try await authenticateAdmin(request)
        let body = try request.request.jsonObject()
        let fields = ["password", "roles", "suspended", "change_required"]
        try BodyField.refuseUnknown(body, allowed: Set(fields))
        try Self.requireAnyField(body, of: fields)
        let password = try BodyField.string(body, "password")
        let roles = try BodyField.strings(body, "roles")
        let suspended = try BodyField.bool(body, "suspended")
        let changeRequired = try BodyField.bool(body, "change_required")
        if let password { try Self.requirePasswordLength(password, field: "password") }
        if let roles { try Self.requireRoles(roles, field: "roles") }
        let account = try context.queries.accounts.account(named: name, kind: .user)

        try await inSystemTransaction(session) {
            if password != nil || suspended != nil || changeRequired != nil {
                let alter = AdministrationCommand.alterUser(
                    name: name,
                    ifExists: false,
                    password: password.map { Secret($0) },
                    changeRequired: changeRequired,
                    status: suspended.map { $0 ? .suspended : .active }
                )
                _ = try await session.administer(alter)
            }
            if let roles { try await setRoles(roles, of: account, in: session) }
        }
        logChange("user updated", account: name, by: session)
        return .json(200, AccountJSON.user(try reloaded(name, kind: .user)))
    }
}
