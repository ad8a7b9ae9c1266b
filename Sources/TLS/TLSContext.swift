internal import COpenSSL
public import Host

/// A configured OpenSSL context: the certificate, key, protocol floor and client verification
/// that new sessions start from.
///
/// `@unchecked Sendable` is safe because the `SSL_CTX` is complete when `init` returns and is
/// never changed afterwards; OpenSSL allows `SSL_new` on one context from several threads at
/// once. Each session holds its own reference to the context, so a session outlives the
/// ``TLSContext`` that made it.
public final class TLSContext: @unchecked Sendable {
    let pointer: OpaquePointer

    /// A server context with the certificate chain and key from PEM files, TLS 1.2 at least,
    /// and OpenSSL's default ciphers.
    ///
    /// The files are read with ``RegularFile``, so a FIFO or device in place of one fails at once
    /// instead of blocking. They are parsed from memory with a passphrase callback that always
    /// declines, so an encrypted key fails instead of OpenSSL prompting on the terminal.
    ///
    /// - Throws: ``TLSError`` naming the file that cannot be read, an encrypted key, or a key
    ///   that does not match the certificate.
    public init(
        certificatePath: String,
        keyPath: String,
        clientCAPath: String? = nil,
        clientAuthentication: TLSSettings.ClientAuthentication = .none
    ) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSError.fromQueue("cannot create a TLS context")
        }
        pointer = context
        try Self.restrictProtocols(context)
        try Self.useCertificateChain(context, path: certificatePath)
        try Self.usePrivateKey(context, path: keyPath)
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSError.fromQueue(
                "the private key in \(keyPath) does not match the certificate in \(certificatePath)",
                file: .key
            )
        }
        // Sessions resumed with client verification need an id context, or OpenSSL refuses them.
        let name = Array("nornicdb".utf8)
        _ = COpenSSL_CTX_set_session_id_context(context, name, UInt32(name.count))
        if let clientCAPath, clientAuthentication != .none {
            try Self.verifyClients(context, caPath: clientCAPath, mode: clientAuthentication)
        }
    }

    /// A client context for tests and tools: trusts the CAs in `trustedCAPath`, or anything when
    /// nil, and presents a certificate when one is given.
    public init(
        clientTrusting trustedCAPath: String?,
        certificatePath: String? = nil,
        keyPath: String? = nil,
        maximumVersion: Int32? = nil
    ) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw TLSError.fromQueue("cannot create a TLS context")
        }
        pointer = context
        if let maximumVersion {
            SSL_CTX_ctrl(context, SSL_CTRL_SET_MAX_PROTO_VERSION, Int(maximumVersion), nil)
        }
        if let trustedCAPath {
            guard SSL_CTX_load_verify_locations(context, trustedCAPath, nil) == 1 else {
                throw TLSError.fromQueue("cannot read CA certificates from \(trustedCAPath)")
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
        if let certificatePath, let keyPath {
            guard SSL_CTX_use_certificate_chain_file(context, certificatePath) == 1,
                SSL_CTX_use_PrivateKey_file(context, keyPath, SSL_FILETYPE_PEM) == 1
            else { throw TLSError.fromQueue("cannot read the client certificate or key") }
        }
    }

    deinit { SSL_CTX_free(pointer) }

    private static func restrictProtocols(_ context: OpaquePointer) throws(TLSError) {
        guard COpenSSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw TLSError.fromQueue("cannot set TLS 1.2 as the lowest version")
        }
        // Renegotiation would let a client make the server redo handshakes at will.
        COpenSSL_CTX_set_server_options(context)
    }

    private static func verifyClients(
        _ context: OpaquePointer,
        caPath: String,
        mode: TLSSettings.ClientAuthentication
    ) throws(TLSError) {
        let certificates = try certificates(in: read(caPath, file: .clientCA), path: caPath, file: .clientCA)
        defer { certificates.forEach { X509_free($0) } }
        guard !certificates.isEmpty else {
            throw TLSError("the client CA bundle \(caPath) contains no PEM certificate", file: .clientCA)
        }
        let store = SSL_CTX_get_cert_store(context)
        for certificate in certificates {
            guard X509_STORE_add_cert(store, certificate) == 1, SSL_CTX_add_client_CA(context, certificate) == 1 else {
                throw TLSError.fromQueue("cannot use the client CA bundle \(caPath)", file: .clientCA)
            }
        }
        let flags = mode == .require ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT : SSL_VERIFY_PEER
        SSL_CTX_set_verify(context, flags, nil)
    }

    // MARK: PEM files

    /// Reads a PEM file with ``RegularFile``, naming `file` in the error.
    private static func read(_ path: String, file: TLSError.File) throws(TLSError) -> [UInt8] {
        do {
            return try RegularFile.read(path)
        } catch {
            throw TLSError(error.description, file: file)
        }
    }

    /// Returns every certificate in PEM `bytes`, in order; the caller frees them.
    private static func certificates(in bytes: [UInt8], path: String, file: TLSError.File) throws(TLSError)
        -> [OpaquePointer]
    {
        guard let bio = bytes.withUnsafeBytes({ BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }) else {
            throw TLSError.fromQueue("cannot read \(path)", file: file)
        }
        defer { BIO_free(bio) }
        var certificates: [OpaquePointer] = []
        while let certificate = PEM_read_bio_X509(bio, nil, declinePassphrase, nil) {
            certificates.append(certificate)
        }
        // Reading stops at the end of the data, which leaves a "no start line" error queued.
        ERR_clear_error()
        return certificates
    }

    /// Installs the first certificate of the file as the server's and the rest as its chain.
    private static func useCertificateChain(_ context: OpaquePointer, path: String) throws(TLSError) {
        let certificates = try certificates(in: read(path, file: .certificate), path: path, file: .certificate)
        guard let leaf = certificates.first else {
            throw TLSError("\(path) contains no PEM certificate", file: .certificate)
        }
        defer { X509_free(leaf) }
        guard SSL_CTX_use_certificate(context, leaf) == 1 else {
            certificates.dropFirst().forEach { X509_free($0) }
            throw TLSError.fromQueue("cannot use the certificate in \(path)", file: .certificate)
        }
        for (index, intermediate) in certificates.dropFirst().enumerated() {
            // On success the context owns the certificate.
            guard SSL_CTX_ctrl(context, SSL_CTRL_EXTRA_CHAIN_CERT, 0, UnsafeMutableRawPointer(intermediate)) == 1 else {
                certificates.dropFirst(index + 1).forEach { X509_free($0) }
                throw TLSError.fromQueue("cannot use the certificate chain in \(path)", file: .certificate)
            }
        }
    }

    private static func usePrivateKey(_ context: OpaquePointer, path: String) throws(TLSError) {
        let bytes = try read(path, file: .key)
        guard let bio = bytes.withUnsafeBytes({ BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }) else {
            throw TLSError.fromQueue("cannot read \(path)", file: .key)
        }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, declinePassphrase, nil) else {
            throw TLSError.fromQueue(
                "cannot read a PEM private key from \(path); the key must not be encrypted with a passphrase",
                file: .key
            )
        }
        defer { EVP_PKEY_free(key) }
        guard SSL_CTX_use_PrivateKey(context, key) == 1 else {
            throw TLSError.fromQueue(
                "the private key in \(path) does not match the certificate or cannot be used",
                file: .key
            )
        }
    }
}

/// OpenSSL's passphrase callback: supplies no passphrase, so encrypted PEM data fails to load.
private let declinePassphrase:
    @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) ->
        Int32 = { _, _, _, _ in 0 }
