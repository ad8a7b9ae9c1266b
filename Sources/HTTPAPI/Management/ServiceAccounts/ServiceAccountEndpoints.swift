import HTTPServer
import Host
import JSON

/// `/api/v1/service-accounts`: accounts of kind `service`, for programs and cluster nodes.
///
/// Every endpoint needs the `admin` permission. A service account logs in like a user, with
/// its id and secret over the `basic` scheme on Bolt and HTTP, and its roles are checked on
/// every request. Paths name only service accounts: a user's name gives 404.
extension ManagementEndpoints {
    /// `GET` lists the service accounts; `POST {"id", "secret", "role"}` creates one.
    func serviceAccounts(_ request: RequestContext) async throws -> HTTPResponse {
        switch request.method {
        case "GET":
            _ = try await authenticateAdmin(request)
            let accounts = context.queries.accounts.allAccounts.filter { $0.kind == .service }
            return .json(200, .array(accounts.map(AccountJSON.serviceAccount)))
        case "POST":
            return try await createServiceAccount(request)
        default:
            return .methodNotAllowed(["GET", "POST"])
        }
    }

    /// `GET`, `PATCH {"role"?, "suspended"?}` and `DELETE` of one service account.
    func serviceAccount(_ request: RequestContext, id: String) async throws -> HTTPResponse {
        switch request.method {
        case "GET":
            _ = try await authenticateAdmin(request)
            return .json(
                200,
                AccountJSON.serviceAccount(try context.queries.accounts.account(named: id, kind: .service))
            )
        case "PATCH":
            return try await updateServiceAccount(request, id: id)
        case "DELETE":
            let session = try await authenticateAdmin(request)
            _ = try context.queries.accounts.account(named: id, kind: .service)
            _ = try await session.administer(.dropUser(name: id, ifExists: false))
            logChange("service account deleted", account: id, by: session)
            recordServiceAccountChange("delete", account: id, by: session, of: request)
            return HTTPResponse(status: 204)
        default:
            return .methodNotAllowed(["GET", "PATCH", "DELETE"])
        }
    }

    /// Returns 201 with the account, never the secret. The id must be unused by any account (409).
    private func createServiceAccount(_ request: RequestContext) async throws -> HTTPResponse {
        let session = try await authenticateAdmin(request)
        let body = try request.request.jsonObject()
        try BodyField.refuseUnknown(body, allowed: ["id", "secret", "role"])
        let id = try BodyField.requiredString(body, "id")
        let secret = try BodyField.requiredString(body, "secret")
        let role = try BodyField.requiredString(body, "role")
        try Self.requireRoles([role], field: "role")
        try Self.requirePasswordLength(secret, field: "secret")
        let accounts = context.queries.accounts
        try accounts.requireUnused(id)
        // NOTE: AdministrationCommand has no account kind, so this is the one account change that
        // calls AccountManager directly; authenticateAdmin made the checks administer() makes.
        let account = try await accounts.create(
            name: id,
            kind: .service,
            password: Secret(secret),
            roles: [role],
            changeRequired: false
        )
        logChange("service account created", account: id, by: session)
        recordServiceAccountChange("create", account: id, by: session, of: request, fields: ["roles": .strings([role])])
        return .json(201, AccountJSON.serviceAccount(account))
    }

    private func updateServiceAccount(_ request: RequestContext, id: String) async throws -> HTTPResponse {
        let session = try await authenticateAdmin(request)
        let body = try request.request.jsonObject()
        try BodyField.refuseUnknown(body, allowed: ["role", "suspended"])
        try Self.requireAnyField(body, of: ["role", "suspended"])
        let role = try BodyField.string(body, "role")
        let suspended = try BodyField.bool(body, "suspended")
        if let role { try Self.requireRoles([role], field: "role") }
        let account = try context.queries.accounts.account(named: id, kind: .service)
        try await inSystemTransaction(session) {
            if let suspended {
                let command = AdministrationCommand.alterUser(
                    name: id,
                    ifExists: false,
                    password: nil,
                    changeRequired: nil,
                    status: suspended ? .suspended : .active
                )
                _ = try await session.administer(command)
            }
            if let role { try await setRoles([role], of: account, in: session) }
        }
        logChange("service account updated", account: id, by: session)
        var changed: [String: SecurityEvent.Field] = [:]
        if let role { changed["roles"] = .strings([role]) }
        if let suspended { changed["suspended"] = .boolean(suspended) }
        recordServiceAccountChange("update", account: id, by: session, of: request, fields: changed)
        return .json(200, AccountJSON.serviceAccount(try reloaded(id, kind: .service)))
    }

    /// `POST /api/v1/service-accounts/{id}/rotate-secret`: replaces the secret with a generated
    /// one, returned once as `{"id", "secret"}`.
    ///
    /// The old secret stops working at once. Tokens issued before the rotation stop working too,
    /// because the account's credentials-changed time moves. The JWT provider compares that time
    /// in whole seconds, so a token issued within the same second as the rotation stays valid.
    func rotateSecret(_ request: RequestContext, id: String) async throws -> HTTPResponse {
        let session = try await authenticateAdmin(request)
        let body = try request.request.jsonObject()
        if let field = body.keys.sorted().first {
            throw ServerError.invalidRequest("Unknown field '\(field)'; this endpoint takes no fields.")
        }
        _ = try context.queries.accounts.account(named: id, kind: .service)
        // 32 random bytes, far above the minimum password length and any guessing.
        let secret = Crypto.randomToken(byteCount: 32)
        let command = AdministrationCommand.alterUser(
            name: id,
            ifExists: false,
            password: Secret(secret),
            changeRequired: false,
            status: nil
        )
        _ = try await session.administer(command)
        logChange("service account secret rotated", account: id, by: session)
        recordServiceAccountChange("rotate_secret", account: id, by: session, of: request)
        return .json(200, ["id": .string(id), "secret": .string(secret)])
    }
}
