import Host

/// Creates the first admin account on first start.
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
