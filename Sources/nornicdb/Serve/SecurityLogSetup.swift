import Foundation
import Host

/// Opens the security log that the configuration names, and describes the server's security
/// settings in its first entry.
enum SecurityLogSetup {
    static func open(_ configuration: Configuration, logger: Logger) throws -> AuditLog {
        // The security log's main-log lines are written at info whatever the NORNICDB_LOG_LEVEL setting.
        guard configuration.auditEnabled else {
            logger.warning("the security log is off (NORNICDB_AUDIT_ENABLED=false)")
            return .disabled
        }
        let destination: AuditLog.Destination =
            if let path = configuration.auditLogPath {
                .file(path: path)
            } else {
                .log(logger.with(label: "security").with(level: .info))
            }
        do {
            return try AuditLog(destination: destination, errorLogger: logger)
        } catch {
            throw ConfigurationError("NORNICDB_AUDIT_LOG_PATH: \(error); fix the path or its directory's permissions.")
        }
    }

    /// The settings an offline command reads to find the security log.
    static let offlineVariables: Set<String> = ["NORNICDB_AUDIT_ENABLED", "NORNICDB_AUDIT_LOG_PATH"]

    /// Opens the security log for an offline command, which changes a stopped server's data
    /// directory. It writes only to the log file: without NORNICDB_AUDIT_LOG_PATH the server's
    /// main log is not reachable from a command, so nothing is recorded.
    static func openForCommand(_ configuration: Configuration, logger: Logger) throws -> AuditLog {
        guard configuration.auditEnabled, let path = configuration.auditLogPath else { return .disabled }
        do {
            return try AuditLog(destination: .file(path: path), errorLogger: logger)
        } catch {
            throw CommandFailure("NORNICDB_AUDIT_LOG_PATH: \(error); fix the path or unset it.")
        }
    }

    /// The actor of an offline change: the Unix user who ran the command, as `unix:<name>`.
    static var commandActor: SecurityEvent.Field {
        .string("unix:" + ProcessInfo.processInfo.userName)
    }

    /// The origin of an offline change: protocol `cli`, with no address or connection.
    static let commandOrigin = LoginOrigin(channel: "cli", peer: "", connectionID: "")

    /// Builds the `server_start` entry from every setting that decides who may log in and what they may do.
    /// It names where secrets come from, never the secrets.
    static func startEvent(_ configuration: Configuration, boltPort: UInt16, httpPort: UInt16) -> SecurityEvent {
        let limits = configuration.loginLimits
        var fields: [String: SecurityEvent.Field] = [
            "address": .string(configuration.address),
            "bolt_port": .integer(Int64(boltPort)),
            "http_port": .integer(Int64(httpPort)),
            "authentication": .boolean(configuration.authPolicy.authenticationEnabled),
            "anonymous_bolt": .boolean(configuration.authPolicy.allowAnonymous),
            "providers": .strings(configuration.authProviders),
            "jwt_secret": .string(configuration.jwtSecret == nil ? "generated" : "configured"),
            "jwt_previous_secrets": .integer(Int64(configuration.jwtPreviousSecrets.count)),
            "login_token_lifetime_seconds": .integer(configuration.tokenLifetimeSeconds),
            "auth_cache_ttl_seconds": .integer(configuration.authCacheTTLSeconds),
            "max_failed_logins": .integer(Int64(limits.maximumFailedAttempts)),
            "lockout_seconds": .integer(limits.lockoutSeconds),
            "max_failed_logins_per_address": .integer(Int64(limits.maximumFailuresPerAddressPerMinute)),
            "version": .string(ServerInfo.version),
        ]
        let tls = configuration.tls
        fields["bolt_tls"] = .boolean(tls.boltEnabled)
        fields["bolt_tls_required"] = .boolean(tls.boltRequired)
        fields["bolt_tls_client_auth"] = .string("\(tls.boltClientAuthentication)")
        fields["https"] = .boolean(tls.httpsEnabled)
        if tls.httpsEnabled { fields["https_port"] = .integer(Int64(tls.httpsPort)) }
        if configuration.authProviders.contains("ldap") {
            fields["ldap_uris"] = .strings(configuration.ldap.uris)
            fields["ldap_starttls"] = .boolean(configuration.ldap.startTLS)
            fields["ldap_verify_certificate"] = .boolean(configuration.ldap.verifyCertificate)
        }
        if configuration.authProviders.contains("pam") {
            fields["pam_service"] = .string(configuration.pam.service)
        }
        return SecurityEvent(.serverStart, fields)
    }
}
