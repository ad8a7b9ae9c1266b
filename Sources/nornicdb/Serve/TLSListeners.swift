import BoltServer
import Host
import TLS

/// Builds the TLS contexts of the listeners from ``TLSSettings``, turning file problems into
/// start-up errors that name the variable.
enum TLSListeners {
    /// TLS on the Bolt port, or nil when `NORNICDB_BOLT_TLS_ENABLED` is false.
    static func bolt(_ settings: TLSSettings, logger: Logger) throws(ConfigurationError) -> BoltTLS? {
        guard settings.boltEnabled, let certificate = settings.boltCertificatePath, let key = settings.boltKeyPath
        else { return nil }
        let files = TLSContextSource.Files(
            certificatePath: certificate,
            keyPath: key,
            clientCAPath: settings.boltClientCAPath,
            clientAuthentication: settings.boltClientAuthentication
        )
        do {
            let contexts = try TLSContextSource(files: files, logger: logger.with(label: "bolt.tls"))
            return BoltTLS(contexts: contexts, required: settings.boltRequired)
        } catch {
            let variable =
                switch error.file {
                case .clientCA: "NORNICDB_BOLT_TLS_CLIENT_CA"
                case .key: "NORNICDB_BOLT_TLS_KEY"
                case .certificate, nil: "NORNICDB_BOLT_TLS_CERT"
                }
            throw ConfigurationError("\(variable): \(error.message)")
        }
    }
}
