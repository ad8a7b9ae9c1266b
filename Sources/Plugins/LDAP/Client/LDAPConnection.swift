internal import COpenLDAP
internal import Foundation

/// The options every directory connection is opened with.
struct LDAPConnectionOptions: Sendable {
    /// Space-separated URIs; libldap tries them in order until one accepts the connection.
    var uris: String
    var startTLS: Bool
    var caFile: String?
    var verifyCertificate: Bool
    var connectTimeoutSeconds: Int
    var readTimeoutSeconds: Int
    var followReferrals: Bool
}

/// One entry of a search result: its DN and the values of the attributes asked for.
struct LDAPEntry: Sendable, Equatable {
    var dn: String
    var attributes: [String: [String]]
}

/// The entries of a search, and how many referrals came with them.
struct LDAPSearchResult: Sendable {
    var entries: [LDAPEntry] = []
    var referrals = 0
}

/// A connection to a directory through libldap, with blocking operations bounded by the
/// configured timeouts.
///
/// A connection is used by one thread at a time: ``LDAPConnectionPool`` hands it to a login and
/// takes it back, which is why it is `@unchecked Sendable`. Any error that leaves the
/// connection in doubt closes it.
final class LDAPConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private let options: LDAPConnectionOptions
    /// The socket, for ``LDAPInterrupt`` to shut down from another thread.
    let watch: SocketWatch
    /// The DN the connection is bound as; nil when anonymous or unknown.
    private(set) var boundDN: String?

    /// Opens a connection, and upgrades it with StartTLS when configured, so no password is ever
    /// sent before TLS is up. `interrupt` may end the connecting from another thread.
    init(options: LDAPConnectionOptions, interrupt: LDAPInterrupt) throws(LDAPFailure) {
        self.options = options
        guard let watch = SocketWatch() else { throw .failed("out of memory") }
        self.watch = watch
        var handle: OpaquePointer?
        let status = ldap_initialize(&handle, options.uris)
        guard status == LDAP_SUCCESS, let handle else {
            throw .failed("cannot use the URIs: \(Self.message(status))")
        }
        self.handle = handle
        do {
            try configure(handle)
            interrupt.attach(watch)
            try connect(handle)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    var isOpen: Bool { handle != nil }

    /// Binds with a DN and password. Returns false when the server rejects the credentials
    /// (invalid credentials or an unwilling server); throws for any other outcome.
    func bind(dn: String, password: String) throws(LDAPFailure) -> Bool {
        let handle = try open()
        boundDN = nil
        var messageID: Int32 = 0
        let bytes = Array(password.utf8)
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                nornic_ldap_simple_bind(handle, dn, $0.baseAddress, $0.count, &messageID)
            }
        }
        guard status == LDAP_SUCCESS else { throw fail(status, during: "bind") }
        let message = try result(of: messageID, during: "bind")
        let code = parseResult(message, free: true)
        switch code {
        case LDAP_SUCCESS:
            boundDN = dn
            return true
        case LDAP_INVALID_CREDENTIALS, LDAP_UNWILLING_TO_PERFORM, LDAP_INAPPROPRIATE_AUTH:
            return false
        default:
            throw fail(code, during: "bind")
        }
    }

    /// Returns to an anonymous session, after a bind as someone else.
    func bindAnonymously() throws(LDAPFailure) {
        guard boundDN != nil else { return }
        guard try bind(dn: "", password: "") else { throw .failed("the directory rejected an anonymous bind") }
        boundDN = nil
    }

    /// Searches and returns the entries with the values of `attributes`.
    ///
    /// A base that does not exist gives no entries. With `sizeLimit` above 0, at most that many
    /// entries are returned, and reaching the limit is not an error.
    func search(
        base: String,
        scope: Int32,
        filter: String,
        attributes: [String],
        sizeLimit: Int32 = 0
    ) throws(LDAPFailure) -> LDAPSearchResult {
        let handle = try open()
        // "1.1" requests no attributes (RFC 4511 section 4.5.1.8).
        let requested = attributes.isEmpty ? ["1.1"] : attributes
        var names: [UnsafeMutablePointer<CChar>?] = requested.map { strdup($0) } + [nil]
        defer { for name in names { free(name) } }
        var messageID: Int32 = 0
        let status = names.withUnsafeMutableBufferPointer { buffer in
            nornic_ldap_search(
                handle,
                base,
                scope,
                filter,
                buffer.baseAddress,
                options.readTimeoutSeconds,
                sizeLimit,
                &messageID
            )
        }
        guard status == LDAP_SUCCESS else { throw fail(status, during: "search") }
        let chain = try result(of: messageID, during: "search")
        defer { ldap_msgfree(chain) }

        var found = LDAPSearchResult()
        var code = LDAP_SUCCESS
        var message = ldap_first_message(handle, chain)
        while let current = message {
            switch ber_tag_t(ldap_msgtype(current)) {
            case LDAP_RES_SEARCH_ENTRY:
                found.entries.append(entry(current, attributes: attributes))
            case LDAP_RES_SEARCH_REFERENCE:
                found.referrals += 1
            case LDAP_RES_SEARCH_RESULT:
                code = parseResult(current, free: false)
            default:
                break
            }
            message = ldap_next_message(handle, current)
        }
        switch code {
        case LDAP_SUCCESS, LDAP_NO_SUCH_OBJECT:
            return found
        case LDAP_SIZELIMIT_EXCEEDED where sizeLimit > 0:
            return found
        case LDAP_REFERRAL:
            found.referrals += 1
            return found
        default:
            throw fail(code, during: "search")
        }
    }

    /// Ends the session and frees the handle; safe to call more than once.
    func close() {
        guard let handle else { return }
        self.handle = nil
        boundDN = nil
        watch.forget()
        ldap_unbind_ext_s(handle, nil, nil)
    }

    // MARK: - Steps

    private func configure(_ handle: OpaquePointer) throws(LDAPFailure) {
        var checks = [
            nornic_ldap_set_int(handle, LDAP_OPT_PROTOCOL_VERSION, LDAP_VERSION3),
            nornic_ldap_set_timeout(handle, LDAP_OPT_NETWORK_TIMEOUT, options.connectTimeoutSeconds),
            // The default timeout of synchronous calls, such as the StartTLS request.
            nornic_ldap_set_timeout(handle, LDAP_OPT_TIMEOUT, options.readTimeoutSeconds),
            nornic_ldap_set_referrals(handle, options.followReferrals ? 1 : 0),
            nornic_ldap_set_int(handle, LDAP_OPT_X_TLS_PROTOCOL_MIN, Self.tls12),
            nornic_ldap_set_int(
                handle,
                LDAP_OPT_X_TLS_REQUIRE_CERT,
                options.verifyCertificate ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER
            ),
        ]
        if let caFile = options.caFile {
            checks.append(nornic_ldap_set_string(handle, LDAP_OPT_X_TLS_CACERTFILE, caFile))
        }
        // The TLS options above apply only to a context made after them.
        checks.append(nornic_ldap_set_int(handle, LDAP_OPT_X_TLS_NEWCTX, 0))
        checks.append(nornic_ldap_watch_install(handle, watch.pointer))
        if let bad = checks.first(where: { $0 != LDAP_OPT_SUCCESS }) {
            throw .failed("cannot set the connection options: \(Self.message(bad))")
        }
    }

    private func connect(_ handle: OpaquePointer) throws(LDAPFailure) {
        let status = ldap_connect(handle)
        guard status == LDAP_SUCCESS else { throw fail(status, during: "connect") }
        if options.startTLS {
            let tls = ldap_start_tls_s(handle, nil, nil)
            guard tls == LDAP_SUCCESS else { throw fail(tls, during: "StartTLS") }
        }
        // The connect callback cleared the network timeout for the TLS handshake.
        _ = nornic_ldap_set_timeout(handle, LDAP_OPT_NETWORK_TIMEOUT, options.connectTimeoutSeconds)
    }

    private func open() throws(LDAPFailure) -> OpaquePointer {
        guard let handle else { throw .unavailable("the connection is closed") }
        return handle
    }

    /// Waits for the whole result of an operation, abandoning it on timeout.
    private func result(of messageID: Int32, during step: String) throws(LDAPFailure) -> OpaquePointer {
        guard let handle else { throw .unavailable("the connection is closed") }
        var message: OpaquePointer?
        let status = nornic_ldap_result(handle, messageID, options.readTimeoutSeconds, &message)
        if status == 0 {
            close()
            throw .timeout("no response to the \(step) within \(options.readTimeoutSeconds)s")
        }
        guard status > 0, let message else { throw fail(nornic_ldap_error_code(handle), during: step) }
        return message
    }

    private func parseResult(_ message: OpaquePointer, free: Bool) -> Int32 {
        guard let handle else { return LDAP_SERVER_DOWN }
        var code: Int32 = LDAP_OTHER
        let status = ldap_parse_result(handle, message, &code, nil, nil, nil, nil, free ? 1 : 0)
        return status == LDAP_SUCCESS ? code : status
    }

    private func entry(_ message: OpaquePointer, attributes: [String]) -> LDAPEntry {
        var dn = ""
        if let text = ldap_get_dn(handle, message) {
            dn = String(cString: text)
            ldap_memfree(text)
        }
        var values: [String: [String]] = [:]
        for attribute in attributes {
            guard let list = ldap_get_values_len(handle, message, attribute) else { continue }
            var index = 0
            var strings: [String] = []
            while let value = list[index] {
                let buffer = UnsafeRawBufferPointer(start: value.pointee.bv_val, count: Int(value.pointee.bv_len))
                strings.append(String(decoding: buffer, as: UTF8.self))
                index += 1
            }
            ldap_value_free_len(list)
            values[attribute] = strings
        }
        return LDAPEntry(dn: dn, attributes: values)
    }

    /// Classifies a libldap status; connection-level failures close the connection.
    private func fail(_ status: Int32, during step: String) -> LDAPFailure {
        let text = "\(step): \(Self.message(status))"
        switch status {
        case LDAP_SERVER_DOWN, LDAP_CONNECT_ERROR:
            close()
            return .unavailable(text)
        case LDAP_TIMEOUT:
            close()
            return .timeout(text)
        default:
            return .failed(text)
        }
    }

    /// LDAP_OPT_X_TLS_PROTOCOL_TLS1_2, a macro Swift does not import: (3 << 8) + 3.
    private static let tls12: Int32 = 0x303

    static func message(_ status: Int32) -> String {
        guard let text = ldap_err2string(status) else { return "error \(status)" }
        return "\(String(cString: text)) (\(status))"
    }
}
