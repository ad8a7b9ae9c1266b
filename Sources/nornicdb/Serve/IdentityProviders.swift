import BasicAuth
import Foundation
import Host
import JWTAuth
import LDAPAuth
import PAMAuth

/// The provider chain in `NORNICDB_AUTH_PROVIDERS` order, then the JWT provider for tokens.
struct IdentityProviders: Sendable {
    /// The plugins' settings, checked by the plugins before the server starts.
    struct PluginSettings: Sendable {
        /// Nil when `ldap` is not among the providers.
        var ldap: LDAPConfiguration?
        /// Nil when `pam` is not among the providers.
        var pam: PAMConfiguration?
    }

    let chain: [any IdentityProvider]
    /// The LDAP provider when enabled, to stop its threads at shut-down.
    let ldap: LDAPProvider?
    /// The PAM provider when enabled, to stop its threads at shut-down.
    let pam: PAMProvider?

    /// Checks the settings that only the plugins can check; errors are configuration errors.
    static func checkSettings(_ configuration: Configuration) throws(ConfigurationError) -> PluginSettings {
        var settings = PluginSettings()
        if configuration.authProviders.contains("ldap") {
            settings.ldap = try LDAPConfiguration(configuration.ldap)
        }
        if configuration.authProviders.contains("pam") {
            settings.pam = try PAMConfiguration(configuration.pam)
        }
        return settings
    }

    static func make(
        configuration: Configuration,
        plugins: PluginSettings,
        accounts: AccountManager,
        jwt: JWTProvider,
        logger: Logger
    ) -> IdentityProviders {
        var chain: [any IdentityProvider] = []
        var ldap: LDAPProvider?
        var pam: PAMProvider?
        for name in configuration.authProviders {
            switch name {
            case "local":
                chain.append(LocalAccountProvider(accounts: accounts))
            case "ldap":
                guard let ldapConfiguration = plugins.ldap else { continue }
                let cache = CredentialCache(
                    timeToLiveSeconds: configuration.authCacheTTLSeconds,
                    maximumEntries: configuration.authCacheMaximumEntries
                )
                let provider = LDAPProvider(configuration: ldapConfiguration, cache: cache)
                chain.append(provider)
                ldap = provider
                warn(about: ldapConfiguration, logger: logger)
            case "pam":
                guard let pamConfiguration = plugins.pam else { continue }
                // Logins are not cached, but the cache's time to live also bounds how long an open
                // connection keeps its Unix groups, as it does for LDAP.
                let provider = PAMProvider(
                    configuration: pamConfiguration,
                    authorizationLifetimeSeconds: configuration.authCacheTTLSeconds
                )
                chain.append(provider)
                pam = provider
                warnIfServiceMissing(configuration.pam.service, logger: logger)
            default:
                // The loader accepts only the names above.
                continue
            }
        }
        chain.append(jwt)
        logger.info("password providers: \(configuration.authProviders.joined(separator: ", "))")
        if !configuration.authProviders.contains("local") {
            logger.warning("the local provider is off: local accounts, including admin, cannot log in with a password")
        }
        if let ldap = plugins.ldap, !ldap.recognizesUnknownUsers,
            let ldapIndex = configuration.authProviders.firstIndex(of: "ldap"),
            let localIndex = configuration.authProviders.firstIndex(of: "local"), ldapIndex < localIndex
        {
            logger.warning(
                "ldap comes before local, and a DN template without NORNICDB_LDAP_BIND_DN cannot tell an unknown "
                    + "user from a wrong password, so every name stops at the directory and local accounts, including "
                    + "admin, cannot log in with a password; put local first or set a service account"
            )
        }
        return IdentityProviders(chain: chain, ldap: ldap, pam: pam)
    }

    /// Stops the plugins' threads once their running logins finish.
    func shutdown() {
        ldap?.shutdown()
        pam?.shutdown()
    }

    /// Waits until the plugins' running logins have ended, or until `deadline`; blocks.
    /// - Returns: the names of the plugins with a login still running at the deadline.
    func waitUntilStopped(until deadline: ContinuousClock.Instant) -> [String] {
        var running: [String] = []
        if let ldap, !ldap.waitUntilStopped(until: deadline) { running.append("ldap") }
        if let pam, !pam.waitUntilStopped(until: deadline) { running.append("pam") }
        return running
    }

    private static func warn(about configuration: LDAPConfiguration, logger: Logger) {
        if configuration.sendsPasswordsInClear {
            logger.warning(
                "NORNICDB_LDAP_URIS has ldap:// servers without NORNICDB_LDAP_STARTTLS: passwords cross the network "
                    + "unencrypted; use ldaps:// or StartTLS"
            )
        }
        if !configuration.verifiesCertificates {
            logger.warning(
                "NORNICDB_LDAP_VERIFY_CERTIFICATE is false: any server can pose as the directory and read passwords"
            )
        }
    }

    /// Warns when no service file of that name exists, because Linux-PAM then uses the `other`
    /// service, whose stack may accept logins the operator did not intend.
    private static func warnIfServiceMissing(_ service: String, logger: Logger) {
        let directories = [
            ProcessInfo.processInfo.environment["PAM_WRAPPER_SERVICE_DIR"], "/etc/pam.d", "/usr/lib/pam.d",
        ]
        // pam_start looks the service up in lower case.
        let file = service.lowercased()
        let exists = directories.compactMap { $0 }.contains {
            FileManager.default.fileExists(atPath: "\($0)/\(file)")
        }
        if !exists {
            logger.warning(
                "no PAM service file '\(file)' found in /etc/pam.d: Linux-PAM will use the 'other' service "
                    + "instead; create it or set NORNICDB_PAM_SERVICE"
            )
        }
    }
}
