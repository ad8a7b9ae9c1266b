import BasicAuth
import Host
import JWTAuth
import LDAPAuth

/// The provider chain in `NORNICDB_AUTH_PROVIDERS` order, then the JWT provider for tokens.
struct IdentityProviders {
    let chain: [any IdentityProvider]
    /// The LDAP provider when enabled, to stop its threads at shut-down.
    let ldap: LDAPProvider?

    /// Checks the settings that only the plugins can check; errors are configuration errors.
    static func checkSettings(_ configuration: Configuration) throws(ConfigurationError) -> LDAPConfiguration? {
        guard configuration.authProviders.contains("ldap") else { return nil }
        return try LDAPConfiguration(configuration.ldap)
    }

    static func make(
        configuration: Configuration,
        ldap ldapConfiguration: LDAPConfiguration?,
        accounts: AccountManager,
        jwt: JWTProvider,
        logger: Logger
    ) -> IdentityProviders {
        var chain: [any IdentityProvider] = []
        var ldap: LDAPProvider?
        for name in configuration.authProviders {
            switch name {
            case "local":
                chain.append(LocalAccountProvider(accounts: accounts))
            case "ldap":
                guard let ldapConfiguration else { continue }
                let cache = CredentialCache(
                    timeToLiveSeconds: configuration.authCacheTTLSeconds,
                    maximumEntries: configuration.authCacheMaximumEntries
                )
                let provider = LDAPProvider(configuration: ldapConfiguration, cache: cache)
                chain.append(provider)
                ldap = provider
                warn(about: ldapConfiguration, logger: logger)
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
        return IdentityProviders(chain: chain, ldap: ldap)
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
}
