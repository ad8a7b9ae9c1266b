internal import COpenSSL

/// One TLS connection's state machine over memory buffers: ciphertext goes in with ``feed(_:)``
/// and comes out with ``takeOutput()``, plaintext goes through ``read()`` and ``write(_:)``.
///
/// The session never touches a socket, so it never blocks; the caller moves ciphertext between
/// the network and the session. It is not thread-safe: one task owns it.
public final class TLSSession {
    private let ssl: OpaquePointer
    /// Ciphertext from the peer, which OpenSSL reads.
    private let inbound: OpaquePointer
    /// Ciphertext for the peer, which OpenSSL writes.
    private let outbound: OpaquePointer
    private var receivedCloseNotify = false

    /// The outcome of one handshake step.
    public enum HandshakeProgress: Equatable, Sendable {
        case complete
        /// The handshake needs more bytes from the peer; send ``takeOutput()`` first.
        case needsInput
        case failed(String)
    }

    /// The outcome of reading plaintext.
    public enum ReadResult: Equatable, Sendable {
        /// Decrypted bytes; empty when a whole record has not arrived yet.
        case bytes([UInt8])
        /// The peer ended the TLS session cleanly.
        case closed
        case failed(String)
    }

    /// Creates a session of `context`, a server session unless `isClient`.
    public init(context: TLSContext, isClient: Bool = false) throws(TLSError) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.pointer) else { throw TLSError.fromQueue("cannot create a TLS session") }
        guard let inbound = BIO_new(BIO_s_mem()), let outbound = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw TLSError.fromQueue("cannot create TLS buffers")
        }
        // An empty inbound buffer means "wait for more", not end of file.
        _ = COpenSSL_BIO_set_mem_eof_return(inbound, -1)
        SSL_set_bio(ssl, inbound, outbound)
        if isClient { SSL_set_connect_state(ssl) } else { SSL_set_accept_state(ssl) }
        self.ssl = ssl
        self.inbound = inbound
        self.outbound = outbound
    }

    deinit { SSL_free(ssl) }

    /// Hands ciphertext received from the peer to the session.
    public func feed(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        _ = bytes.withUnsafeBytes { BIO_write(inbound, $0.baseAddress, Int32($0.count)) }
    }

    /// Takes the ciphertext that the session produced for the peer.
    public func takeOutput() -> [UInt8] {
        let count = COpenSSL_BIO_pending(outbound)
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { BIO_read(outbound, $0.baseAddress, Int32($0.count)) }
        return read > 0 ? Array(bytes.prefix(Int(read))) : []
    }

    /// Advances the handshake with the ciphertext fed so far.
    public func handshake() -> HandshakeProgress {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .complete }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .needsInput
        case let code: return .failed(failure(code))
        }
    }

    /// Decrypts every whole record fed so far.
    public func read() -> ReadResult {
        if receivedCloseNotify { return .closed }
        ERR_clear_error()
        var plaintext: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 {
                plaintext.append(contentsOf: buffer.prefix(Int(count)))
                continue
            }
            switch SSL_get_error(ssl, count) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return .bytes(plaintext)
            case SSL_ERROR_ZERO_RETURN:
                receivedCloseNotify = true
                return plaintext.isEmpty ? .closed : .bytes(plaintext)
            case let code:
                return .failed(failure(code))
            }
        }
    }

    /// Encrypts `bytes`; the records wait in ``takeOutput()``. Returns a reason on failure.
    public func write(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return nil }
        ERR_clear_error()
        var written = 0
        var wrote = 0
        while written < bytes.count {
            let ok = bytes.withUnsafeBytes { raw in
                SSL_write_ex(ssl, raw.baseAddress! + written, raw.count - written, &wrote)
            }
            guard ok == 1 else { return failure(SSL_get_error(ssl, ok)) }
            written += wrote
        }
        return nil
    }

    /// Queues a close_notify alert for the peer.
    public func close() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
    }

    /// The negotiated protocol, such as `TLSv1.3`.
    public var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// The negotiated cipher suite, or nil before the handshake completes.
    public var cipher: String? {
        SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) }
    }

    /// The subject of the peer's verified certificate, or nil when it sent none.
    public var peerCertificateSubject: String? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        guard let name = X509_get_subject_name(certificate),
            let text = X509_NAME_oneline(name, nil, 0)
        else { return nil }
        defer { CRYPTO_free(text, #fileID, #line) }
        return String(cString: text)
    }

    /// The serial number of the peer's certificate in hexadecimal, or nil when it sent none.
    public var peerCertificateSerial: String? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        guard let serial = X509_get_serialNumber(certificate), let number = ASN1_INTEGER_to_BN(serial, nil) else {
            return nil
        }
        defer { BN_free(number) }
        guard let hex = BN_bn2hex(number) else { return nil }
        defer { CRYPTO_free(hex, #fileID, #line) }
        return String(cString: hex)
    }

    private func failure(_ code: Int32) -> String {
        let reasons = TLSError.drainErrorQueue()
        if !reasons.isEmpty { return reasons }
        if code == SSL_ERROR_SYSCALL { return "the peer's data ended inside a record" }
        let verify = SSL_get_verify_result(ssl)
        if verify != X509_V_OK { return String(cString: X509_verify_cert_error_string(verify)) }
        return "TLS error \(code)"
    }
}
