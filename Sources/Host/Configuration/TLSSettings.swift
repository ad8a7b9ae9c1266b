/// The TLS settings of the Bolt and HTTPS listeners, checked for form and for combinations.
///
/// The files are read when the listeners start, and again whenever they change on disk.
public struct TLSSettings: Sendable, Equatable {
    /// Whether a Bolt client must present a certificate.
    public enum ClientAuthentication: String, Sendable, Equatable, CaseIterable {
        /// No certificate is asked for.
        case none
        /// A certificate is asked for; a client may connect without one, but a certificate that
        /// the client CA did not sign fails the handshake.
        case optional
        /// A client without a certificate signed by the client CA fails the handshake.
        case require
    }

    /// Whether the Bolt port accepts TLS, next to plaintext Bolt.
    public var boltEnabled = false
    /// PEM certificate chain of the Bolt listener, the server's certificate first.
    public var boltCertificatePath: String?
    /// PEM private key of the Bolt listener.
    public var boltKeyPath: String?
    /// Whether the Bolt port refuses plaintext connections.
    public var boltRequired = false
    /// PEM bundle of the certificate authorities that sign client certificates.
    public var boltClientCAPath: String?
    public var boltClientAuthentication = ClientAuthentication.none

    /// Whether the HTTPS listener runs.
    public var httpsEnabled = false
    public var httpsPort: UInt16 = 7473
    /// PEM certificate chain of the HTTPS listener; nil means the Bolt certificate.
    public var httpsCertificatePath: String?
    /// PEM private key of the HTTPS listener; nil means the Bolt key.
    public var httpsKeyPath: String?
    /// The variables or flags that set any of these, so start-up can reject settings that
    /// would have no effect.
    public var givenBy: Set<String> = []

    public init() {}

    /// The HTTPS certificate in use: its own, or else the Bolt one.
    public var effectiveHTTPSCertificatePath: String? { httpsCertificatePath ?? boltCertificatePath }
    /// The HTTPS key in use: its own, or else the Bolt one.
    public var effectiveHTTPSKeyPath: String? { httpsKeyPath ?? boltKeyPath }
}
