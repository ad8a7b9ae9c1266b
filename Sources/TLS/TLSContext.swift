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
    /// - Throws: ``TLSError`` naming the file that cannot be read, or a key that does not
    ///   match the certificate.
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
        guard SSL_CTX_use_certificate_chain_file(context, certificatePath) == 1 else {
            throw TLSError.fromQueue("cannot read a PEM certificate chain from \(certificatePath)", file: .certificate)
        }
        guard SSL_CTX_use_PrivateKey_file(context, keyPath, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError.fromQueue("cannot read an unencrypted PEM private key from \(keyPath)", file: .key)
        }
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
        guard SSL_CTX_load_verify_locations(context, caPath, nil) == 1 else {
            throw TLSError.fromQueue("cannot read the client CA bundle \(caPath)", file: .clientCA)
        }
        guard let names = SSL_load_client_CA_file(caPath) else {
            throw TLSError.fromQueue("cannot read the client CA bundle \(caPath)", file: .clientCA)
        }
        SSL_CTX_set_client_CA_list(context, names)
        let flags = mode == .require ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT : SSL_VERIFY_PEER
        SSL_CTX_set_verify(context, flags, nil)
    }
}
