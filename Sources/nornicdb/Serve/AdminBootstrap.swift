import Host

/// Creates the first admin account on first start.
///
/// Without NORNICDB_AUTH, it creates `admin` with a generated password when no account has the
/// admin role. If an account named `admin` exists without that role, it logs an error and
/// creates nothing, so the server runs without an admin until NORNICDB_AUTH names a new one.
enum AdminBootstrap {
    static func run(_ initialAuth: Configuration.InitialAuth, accounts: AccountManager, logger: Logger) async throws {
        switch initialAuth {
        case .disabled:
            return
        case .admin(let user, let password):
            if let existing = accounts.account(named: user) {
                if !existing.roles.contains(Role.admin.name) {
                    logger.warning(
                        "NORNICDB_AUTH names user '\(user)', which exists without the admin role; left unchanged"
                    )
                } else {
                    logger.info(
                        "admin '\(user)' from NORNICDB_AUTH already exists; its password is kept (change it with ALTER USER)"
                    )
                }
                return
            }
            try await accounts.create(name: user, password: password, roles: [Role.admin.name])
            logger.info("created admin '\(user)' from NORNICDB_AUTH")
        case .generated:
            guard !accounts.hasAdmin else { return }
            if accounts.account(named: "admin") != nil {
                // Granting `admin` to that account could hand the server to the owner of its password,
                // and a made-up name would be easy to miss, so the server starts with no admin at all.
                logger.error(
                    "no account has the admin role and the account 'admin' exists without it, so no admin was "
                        + "created; set NORNICDB_AUTH=user:password with an unused user name and restart to create one"
                )
                return
            }
            let password = Crypto.randomToken(byteCount: 18)
            try await accounts.create(name: "admin", password: Secret(password), roles: [Role.admin.name])
            // The one deliberate exception to "never log a secret": the operator needs this
            // password to log in at all, and it is printed only when the account is created.
            logger.warning("Generated password for user 'admin': \(password)")
            logger.warning(
                "Change it now: connect as admin and run ALTER CURRENT USER SET PASSWORD FROM '<generated>' TO '<new>' "
                    + "on the system database, or set NORNICDB_AUTH=user:password before the first start."
            )
        }
    }
}
