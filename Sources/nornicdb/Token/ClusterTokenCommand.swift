import Host
import JSON
import JWTAuth

/// `nornicdb token cluster`: signs a cluster token, offline with the data directory's JWT
/// secret or online through `POST /api/v1/auth/cluster-token`.
///
/// Standard output gets the token alone on one line, so `TOKEN=$(nornicdb token cluster ...)`
/// captures it; the expiry and token id go to standard error.
enum ClusterTokenCommand {
    static let description = CommandDescription(
        name: "token cluster",
        synopsis: "--node-id ID --role ROLE [--expires-in DURATION] [options]",
        summary: [
            "Signs a bearer token for the cluster node ID, acting with the built-in role ROLE (\(roleNames)), "
                + "and prints it on standard output. Its user name is "
                + "cluster:ID, so it never acts as a local account.",
            "Offline (the default), the command signs with the same JWT secret as `serve`: "
                + "NORNICDB_JWT_SECRET, NORNICDB_JWT_SECRET_FILE or --jwt-secret-file, else the secret kept in "
                + "the data directory, which is created when missing. The server must be stopped. Online, with "
                + "--server, the running server signs the token.",
        ],
        options: [
            OptionSpecification(
                "--node-id",
                value: "ID",
                help: "The node's id: 1 to 128 ASCII letters, digits, '-', '_' or '.'."
            ),
            OptionSpecification("--role", value: "ROLE", help: "The role the token acts with: \(roleNames)."),
            OptionSpecification(
                "--expires-in",
                value: "DURATION",
                help: "Lifetime of the token, such as 90s, 30m, 168h, 7d or 1h30m; a bare number is seconds. "
                    + "Without it the token never expires and stays valid until it is revoked."
            ),
            AdministrationTarget.dataDirectoryOption,
            AdministrationTarget.jwtSecretFileOption,
            AdministrationTarget.serverOption,
            AdministrationTarget.tokenFileOption,
            OptionSpecification("--help", help: "Print this text."),
        ]
    )

    static let roleNames = Role.builtIn.map(\.name).joined(separator: ", ")

    /// The settings an offline run reads from the environment.
    static let offlineVariables = Set([
        "NORNICDB_DATA_DIR", "NORNICDB_JWT_SECRET", "NORNICDB_JWT_SECRET_FILE", "NORNICDB_JWT_PREVIOUS_SECRETS",
        "NORNICDB_JWT_PREVIOUS_SECRETS_FILE",
    ]).union(SecurityLogSetup.offlineVariables)

    /// A signed cluster token and the facts reported beside it.
    struct SignedToken: Sendable {
        let token: Secret
        let nodeID: String
        let role: String
        /// RFC 3339 in UTC; nil for a token that never expires.
        let expiresAt: String?
        /// The `jti`, for revoking the token; nil when a server did not return it.
        let tokenID: String?
    }

    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        if ArgumentParser.requestsHelp(arguments) {
            Console.output(description.help)
            return ExitStatus.success
        }
        do {
            let parsed = try description.parse(arguments)
            let nodeID = try parsed.requiredValue("--node-id")
            let role = try parsed.requiredValue("--role")
            let lifetime = try parsed.value("--expires-in").map { text throws(UsageError) in
                guard let seconds = DurationSyntax.seconds(text), seconds > 0 else {
                    throw UsageError(
                        "Invalid --expires-in '\(text)'; use a positive duration such as 90s, 30m, 168h, 7d or 1h30m.",
                        command: description.name
                    )
                }
                return seconds
            }
            let target = try AdministrationTarget.resolve(
                parsed,
                environment: environment,
                offlineVariables: offlineVariables,
                offlineFlags: ["--data-dir", "--jwt-secret-file"]
            )
            let result: SignedToken
            switch target {
            case .offline(let configuration):
                result = try await issueOffline(configuration, nodeID: nodeID, role: role, lifetime: lifetime)
            case .online(let client):
                result = try await issueOnline(client, nodeID: nodeID, role: role, lifetime: lifetime)
            }
            // The one deliberate output of a secret: the operator requested this token.
            Console.output(result.token.reveal())
            Console.message(summary(of: result))
            return ExitStatus.success
        } catch {
            return Console.report(error)
        }
    }

    static func issueOffline(
        _ configuration: Configuration,
        nodeID: String,
        role: String,
        lifetime: Int64?
    ) async throws -> SignedToken {
        try await OfflineDataDirectory.use(
            configuration,
            purpose: "sign a cluster token",
            // Without a configured secret the token is signed with the one kept in the data
            // directory, so a mistyped path must fail instead of creating a secret no server uses.
            createIfMissing: configuration.jwtSecret != nil
        ) { directory in
            let keys = try JWTKeys.load(configuration, logger: directory.logger)
            // The command only signs, but the service needs a verifier too. This one has the
            // policy of the server's verifier.
            let verifier = JWTVerifier(keys: keys, policy: JWTVerifier.Policy(requireExpiration: false))
            let repository = directory.repository
            let pool = directory.pool
            let revocations = try await pool.run { try RevocationList(repository: repository, pool: pool) }
            let service = JWTTokenService(
                signer: JWTSigner(keys: keys),
                verifier: verifier,
                revocations: revocations,
                loginTokenLifetime: configuration.tokenLifetimeSeconds
            )
            let issued = try service.issueClusterToken(nodeID: nodeID, role: role, lifetime: lifetime)
            let audit = try SecurityLogSetup.openForCommand(configuration, logger: directory.logger)
            var event = SecurityEvent(
                .tokenIssued,
                [
                    "kind": "cluster", "actor": SecurityLogSetup.commandActor, "node_id": .string(nodeID),
                    "roles": .strings([role]), "token_id": .string(issued.tokenID),
                ]
            )
            if let expiresAt = issued.expiresAt { event.fields["expires_at"] = .integer(expiresAt) }
            audit.record(event.with(SecurityLogSetup.commandOrigin))
            audit.close()
            return SignedToken(
                token: issued.token,
                nodeID: nodeID,
                role: role,
                expiresAt: issued.expiresAt.map(Timestamp.rfc3339),
                tokenID: issued.tokenID
            )
        }
    }

    static func issueOnline(
        _ client: ManagementClient,
        nodeID: String,
        role: String,
        lifetime: Int64?
    ) async throws -> SignedToken {
        var body: [String: JSONValue] = ["node_id": .string(nodeID), "role": .string(role)]
        if let lifetime { body["expires_in"] = .integer(lifetime) }
        let path = "/api/v1/auth/cluster-token"
        let response = try await client.send("POST", path, body: .object(body))
        guard let token = response?["token"]?.stringValue, !token.isEmpty else {
            throw CommandFailure("POST \(path) returned no token; check that --server names a nornicdb HTTP API.")
        }
        return SignedToken(
            token: Secret(token),
            nodeID: response?["node_id"]?.stringValue ?? nodeID,
            role: response?["role"]?.stringValue ?? role,
            expiresAt: response?["expires_at"]?.stringValue.map(ResponseFailure.printable),
            tokenID: response?["jti"]?.stringValue.map(ResponseFailure.printable)
        )
    }

    /// Builds the line written to standard error after the token.
    static func summary(of result: SignedToken) -> String {
        var text = "Cluster token for node '\(result.nodeID)' with role '\(result.role)'"
        if let tokenID = result.tokenID { text += " (token id \(tokenID))" }
        if let expiresAt = result.expiresAt {
            text += "; it expires at \(expiresAt)."
        } else {
            text += "; it never expires, so revoke it with POST /api/v1/auth/revoke when the node leaves."
        }
        return text
    }
}
