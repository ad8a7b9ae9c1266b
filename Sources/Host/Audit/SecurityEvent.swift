/// One entry of the security log: what happened, and to whom, as named fields.
///
/// Fields hold names, addresses, ids and outcomes, never a password, secret or token: callers
/// build events from ``Identity``, ``Credential`` descriptions and command names only.
public struct SecurityEvent: Sendable, Equatable {
    /// A field value: text, a whole number, a flag or a list of names.
    public enum Field: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
        case string(String)
        case integer(Int64)
        case boolean(Bool)
        case strings([String])

        public init(stringLiteral value: String) { self = .string(value) }
        public init(booleanLiteral value: Bool) { self = .boolean(value) }
    }

    /// The kind of event, such as `authentication_failure`; see ``SecurityEvent/Kind``.
    public var kind: Kind
    public var fields: [String: Field]

    public init(_ kind: Kind, _ fields: [String: Field] = [:]) {
        self.kind = kind
        self.fields = fields
    }

    /// The kinds of event the server records.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The server started; the fields list its security settings.
        case serverStart = "server_start"
        case serverStop = "server_stop"
        case authenticationSuccess = "authentication_success"
        case authenticationFailure = "authentication_failure"
        /// A principal reached the failed-login limit and is locked.
        case principalLocked = "principal_locked"
        /// The permission gate rejected a statement or command.
        case permissionDenied = "permission_denied"
        /// A user was created, altered, dropped, or got or lost roles.
        case accountChange = "account_change"
        case serviceAccountChange = "service_account_change"
        case tokenIssued = "token_issued"
        case tokenRevoked = "token_revoked"
        case authCacheCleared = "auth_cache_cleared"
        /// The log file did not keep up and entries were dropped; `count` is how many.
        case entriesDropped = "entries_dropped"
    }

    /// Adds the client fields of a login origin: protocol, address and connection id.
    public func with(_ origin: LoginOrigin) -> SecurityEvent {
        var copy = self
        copy.fields["protocol"] = .string(origin.channel)
        if !origin.address.isEmpty { copy.fields["client_address"] = .string(origin.address) }
        if !origin.connectionID.isEmpty { copy.fields["connection_id"] = .string(origin.connectionID) }
        return copy
    }
}

/// The origin of a login or request: its protocol, the client's address and the connection.
public struct LoginOrigin: Sendable, Equatable {
    /// `bolt` or `http`.
    public var channel: String
    /// The client's IP address without its port.
    public var address: String
    /// The connection or request id that the server logs, such as `bolt-7`.
    public var connectionID: String

    /// - Parameter peer: the peer as the listener describes it, with or without a port:
    ///   `127.0.0.1:5000`, `[::1]:5000`, `::1` or `127.0.0.1`.
    public init(channel: String, peer: String, connectionID: String) {
        self.channel = channel
        self.address = Self.address(of: peer)
        self.connectionID = connectionID
    }

    /// An origin for logins that come from inside the server, such as tests and offline tools.
    public static let local = LoginOrigin(channel: "local", peer: "", connectionID: "")

    static func address(of peer: String) -> String {
        if peer.hasPrefix("["), let end = peer.firstIndex(of: "]") {
            return String(peer[peer.index(after: peer.startIndex)..<end])
        }
        // One colon separates an IPv4 address from its port; a bare IPv6 address has several.
        if peer.filter({ $0 == ":" }).count == 1, let colon = peer.firstIndex(of: ":") {
            return String(peer[..<colon])
        }
        return peer
    }
}
