internal import CGnuTLS
internal import CMicroHTTPD

/// The GnuTLS callback that gives libmicrohttpd the HTTPS certificate, and the protocol policy.
///
/// A static member outside `main.swift`, like ``DaemonCallbacks``, because GnuTLS calls it on
/// libmicrohttpd's polling thread.
enum HTTPSCallbacks {
    /// GnuTLS's priority string: its default cipher suites, TLS 1.3 and 1.2 only.
    static let priorityText: StaticString = "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

    /// ``priorityText`` as the `const char *` that libmicrohttpd reads; static text lives as
    /// long as the process.
    static var priorities: OpaquePointer { OpaquePointer(priorityText.utf8Start) }

    /// The C type of `gnutls_certificate_retrieve_function2`.
    typealias Retrieve =
        @convention(c) (
            gnutls_session_t?, UnsafePointer<gnutls_datum_t>?, Int32, UnsafePointer<gnutls_pk_algorithm_t>?, Int32,
            UnsafeMutablePointer<UnsafeMutablePointer<gnutls_pcert_st>?>?, UnsafeMutablePointer<UInt32>?,
            UnsafeMutablePointer<gnutls_privkey_t?>?
        ) -> Int32

    /// `MHD_OPTION_HTTPS_CERT_CALLBACK`: runs during each handshake.
    ///
    /// libmicrohttpd keeps its connection as the GnuTLS session's pointer, and
    /// ``DaemonCallbacks/connectionNotified`` stored the server core as the connection's socket
    /// context, so the callback reaches the core's certificate source. It returns -1, which
    /// fails the handshake, when either is missing.
    static let certificate: Retrieve = { session, _, _, _, _, certificates, count, key in
        guard let session, let certificates, let count, let key,
            let connection = gnutls_session_get_ptr(session),
            let info = CMicroHTTPD_get_connection_info(OpaquePointer(connection), .CONNECTION_INFO_SOCKET_CONTEXT),
            let context = info.pointee.socket_context,
            let source = DaemonCallbacks.core(context).configuration.tls
        else { return -1 }
        let loaded = source.current()
        certificates.pointee = loaded.certificates
        count.pointee = loaded.count
        key.pointee = loaded.key
        return 0
    }
}
