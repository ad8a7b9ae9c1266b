extension HTTPServer {
    /// Settings of one HTTP listener. Every field has a default, so `Configuration()` serves
    /// `127.0.0.1:7474`.
    public struct Configuration: Sendable {
        /// A numeric IPv4 or IPv6 address, bound exactly. `0.0.0.0` binds every IPv4 interface and
        /// `::` every IPv6 interface (IPv6 only, because the socket is set to `IPV6_V6ONLY`).
        /// Brackets around an IPv6 address, as in `[::1]`, are accepted.
        public var address: String
        /// The TCP port; 0 picks a free ephemeral port, which ``HTTPServer/port`` reports.
        public var port: UInt16
        /// The maximum request body in bytes, after chunked decoding; default 10 MiB. A larger
        /// body gets status 413.
        public var maximumBodyBytes: Int
        /// The maximum request line plus header fields in bytes; default 64 KiB. A larger header
        /// block gets status 431.
        public var maximumHeaderBytes: Int
        /// The maximum number of open client connections; default 1024. libmicrohttpd closes
        /// connections beyond it as soon as it accepts them.
        public var maximumConnections: Int
        /// Seconds a connection may be idle before it is closed: between requests, or while a request
        /// is being received or a response sent. The default is 60, and 0 turns the timeout off.
        /// The timeout does not run while a handler works on the connection's request, so a handler
        /// must bound its own work.
        public var connectionTimeoutSeconds: Int
        /// The maximum number of handlers running at once; default 256. A request beyond it gets
        /// status 503 with `Retry-After` at once, without running the handler.
        public var maximumConcurrentRequests: Int
        /// The maximum connections from one IP address; default 0, meaning no per-address limit.
        public var maximumConnectionsPerAddress: Int
        /// How long ``HTTPServer/stop()`` waits for running handlers before it sends 503 to
        /// their requests and closes the connections; default 5 seconds.
        public var shutdownGracePeriod: Duration
        /// The certificate for HTTPS; nil serves plain HTTP. One listener serves one of the two.
        public var tls: HTTPSCertificateSource?

        public init(address: String = "127.0.0.1", port: UInt16 = 7474) {
            self.address = address
            self.port = port
            self.maximumBodyBytes = 10 * 1024 * 1024
            self.maximumHeaderBytes = 64 * 1024
            self.maximumConnections = 1024
            self.connectionTimeoutSeconds = 60
            self.maximumConcurrentRequests = 256
            self.maximumConnectionsPerAddress = 0
            self.shutdownGracePeriod = .seconds(5)
            self.tls = nil
        }

        /// Throws ``HTTPServerError/Code/invalidConfiguration`` naming the first field out of range.
        func validate() throws(HTTPServerError) {
            func check(_ valid: Bool, _ field: String, _ value: Any, _ rule: String) throws(HTTPServerError) {
                guard valid else {
                    throw HTTPServerError(.invalidConfiguration, "HTTP \(field) \(value) is invalid: \(rule)")
                }
            }
            try check(maximumBodyBytes >= 0, "maximumBodyBytes", maximumBodyBytes, "it must be 0 or more")
            try check(
                (1024...(64 * 1024 * 1024)).contains(maximumHeaderBytes),
                "maximumHeaderBytes",
                maximumHeaderBytes,
                "it must be between 1 KiB and 64 MiB"
            )
            try check(
                (1...Int(Int32.max)).contains(maximumConnections),
                "maximumConnections",
                maximumConnections,
                "it must be 1 or more"
            )
            try check(
                (0...Int(Int32.max)).contains(connectionTimeoutSeconds),
                "connectionTimeoutSeconds",
                connectionTimeoutSeconds,
                "it must be 0 or more"
            )
            try check(
                maximumConcurrentRequests >= 1,
                "maximumConcurrentRequests",
                maximumConcurrentRequests,
                "it must be 1 or more"
            )
            try check(
                (0...Int(Int32.max)).contains(maximumConnectionsPerAddress),
                "maximumConnectionsPerAddress",
                maximumConnectionsPerAddress,
                "it must be 0 or more"
            )
            try check(
                shutdownGracePeriod >= .zero,
                "shutdownGracePeriod",
                shutdownGracePeriod,
                "it must not be negative"
            )
        }
    }
}
