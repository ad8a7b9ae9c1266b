internal import CGnuTLS
public import Host
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// The certificate chain and key that the HTTPS listener presents, loaded with GnuTLS (the TLS
/// library of Debian's libmicrohttpd) and reloaded when a file changes on disk.
///
/// libmicrohttpd requests the certificate during each handshake, through
/// `MHD_OPTION_HTTPS_CERT_CALLBACK`; ``current()`` then compares the files' stamps at most once
/// per second. A changed pair serves the handshakes that follow, and a pair that cannot be used
/// leaves the previous one in place and logs an error.
public final class HTTPSCertificateSource: Sendable {
    public let certificatePath: String
    public let keyPath: String
    private let logger: Logger
    private let state: Mutex<State>
    static let checkInterval: Duration = .seconds(1)

    private struct State {
        var loaded: LoadedCertificate
        var stamps: [FileStamp?]
        var lastCheck: ContinuousClock.Instant
    }

    /// Loads the pair; throws when a file cannot be read or the key does not match.
    public init(certificatePath: String, keyPath: String, logger: Logger) throws(HTTPServerError) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.logger = logger
        let stamps = [FileStamp(path: certificatePath), FileStamp(path: keyPath)]
        let loaded = try LoadedCertificate(certificatePath: certificatePath, keyPath: keyPath)
        state = Mutex(State(loaded: loaded, stamps: stamps, lastCheck: .now))
    }

    /// Returns the pair for a new handshake, reloaded first if a file changed.
    func current() -> LoadedCertificate {
        state.withLock { state in
            let now = ContinuousClock.now
            guard now - state.lastCheck >= Self.checkInterval else { return state.loaded }
            state.lastCheck = now
            let stamps = [FileStamp(path: certificatePath), FileStamp(path: keyPath)]
            guard stamps != state.stamps else { return state.loaded }
            state.stamps = stamps
            do throws(HTTPServerError) {
                state.loaded = try LoadedCertificate(certificatePath: certificatePath, keyPath: keyPath)
                logger.info("reloaded the HTTPS certificate and key", metadata: ["tls.certificate": certificatePath])
            } catch {
                logger.error(
                    "kept the previous HTTPS certificate; the changed files cannot be used: \(error.message)",
                    metadata: ["tls.certificate": certificatePath]
                )
            }
            return state.loaded
        }
    }
}

/// A certificate chain and private key in GnuTLS's form.
///
/// `@unchecked Sendable` is safe because the fields never change after `init` and GnuTLS only
/// reads them. They are never freed: a handshake that started with them may still point at them
/// after a reload, and a reload happens only when an operator changes the files, so the memory
/// kept is a few kilobytes per change.
final class LoadedCertificate: @unchecked Sendable {
    static let maximumChainLength: UInt32 = 16

    let certificates: UnsafeMutablePointer<gnutls_pcert_st>
    let count: UInt32
    let key: gnutls_privkey_t

    init(certificatePath: String, keyPath: String) throws(HTTPServerError) {
        let (certificates, count) = try Self.importChain(certificatePath)
        let key: gnutls_privkey_t
        do {
            key = try Self.importKey(keyPath)
        } catch {
            Self.release(certificates, count: count)
            throw error
        }
        guard Self.keyMatches(key, certificates.pointee.pubkey) else {
            gnutls_privkey_deinit(key)
            Self.release(certificates, count: count)
            throw HTTPServerError(
                .invalidConfiguration,
                "the private key in \(keyPath) does not match the certificate in \(certificatePath)"
            )
        }
        self.certificates = certificates
        self.count = count
        self.key = key
    }

    /// Parses the PEM certificate chain at `path`, the server's certificate first.
    private static func importChain(
        _ path: String
    ) throws(HTTPServerError) -> (UnsafeMutablePointer<gnutls_pcert_st>, UInt32) {
        var chain = try readFile(path)
        let certificates = UnsafeMutablePointer<gnutls_pcert_st>.allocate(capacity: Int(maximumChainLength))
        var count = maximumChainLength
        let imported = chain.withUnsafeMutableBytes { bytes in
            var datum = gnutls_datum_t(
                data: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                size: UInt32(bytes.count)
            )
            return gnutls_pcert_list_import_x509_raw(certificates, &count, &datum, GNUTLS_X509_FMT_PEM, 0)
        }
        guard imported == 0, count > 0 else {
            certificates.deallocate()
            throw HTTPServerError(
                .invalidConfiguration,
                "cannot read a PEM certificate chain from \(path): \(reason(imported))"
            )
        }
        return (certificates, count)
    }

    /// Parses the unencrypted PEM private key at `path`, and then zeroes the file's bytes in memory.
    private static func importKey(_ path: String) throws(HTTPServerError) -> gnutls_privkey_t {
        var text = try readFile(path)
        defer {
            text.withUnsafeMutableBytes { bytes in
                if let start = bytes.baseAddress { explicit_bzero(start, bytes.count) }
            }
        }
        var key: gnutls_privkey_t?
        gnutls_privkey_init(&key)
        let imported = text.withUnsafeMutableBytes { bytes in
            var datum = gnutls_datum_t(
                data: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                size: UInt32(bytes.count)
            )
            return gnutls_privkey_import_x509_raw(key, &datum, GNUTLS_X509_FMT_PEM, nil, 0)
        }
        guard let key, imported == 0 else {
            gnutls_privkey_deinit(key)
            throw HTTPServerError(
                .invalidConfiguration,
                "cannot read an unencrypted PEM private key from \(path): \(reason(imported))"
            )
        }
        return key
    }

    private static func release(_ certificates: UnsafeMutablePointer<gnutls_pcert_st>, count: UInt32) {
        for index in 0..<Int(count) { gnutls_pcert_deinit(certificates + index) }
        certificates.deallocate()
    }

    /// Checks whether `key` is the private half of `publicKey` by comparing their key ids.
    private static func keyMatches(_ key: gnutls_privkey_t, _ publicKey: gnutls_pubkey_t?) -> Bool {
        var derived: gnutls_pubkey_t?
        guard gnutls_pubkey_init(&derived) == 0, let derived else { return false }
        defer { gnutls_pubkey_deinit(derived) }
        guard gnutls_pubkey_import_privkey(derived, key, 0, 0) == 0 else { return false }
        func identifier(_ key: gnutls_pubkey_t?) -> [UInt8]? {
            var bytes = [UInt8](repeating: 0, count: 64)
            var size = bytes.count
            guard gnutls_pubkey_get_key_id(key, 0, &bytes, &size) == 0 else { return nil }
            return Array(bytes.prefix(size))
        }
        guard let expected = identifier(publicKey) else { return false }
        return identifier(derived) == expected
    }

    private static func reason(_ code: Int32) -> String {
        gnutls_strerror(code).map { String(cString: $0) } ?? "GnuTLS error \(code)"
    }

    /// Reads a PEM file without blocking, so a FIFO in its place fails instead of stalling a handshake.
    private static func readFile(_ path: String) throws(HTTPServerError) -> [UInt8] {
        do {
            return try RegularFile.read(path)
        } catch {
            throw HTTPServerError(.invalidConfiguration, error.description)
        }
    }
}
