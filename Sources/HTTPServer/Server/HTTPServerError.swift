/// A failure to start the HTTP server: an invalid configuration, or an address that cannot be bound.
///
/// This error never reaches an HTTP client, so it is not a `ServerError`. Its `message` names the
/// address and port involved and the operating system's reason. Two errors are equal when their
/// codes are equal.
public struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        /// A configuration value is out of range.
        public static let invalidConfiguration = Code("invalid configuration")
        /// The address is not a numeric IPv4 or IPv6 address.
        public static let invalidAddress = Code("invalid address")
        /// Creating, binding or listening on the socket failed.
        public static let bindFailed = Code("bind failed")
        /// libmicrohttpd did not start on the bound socket.
        public static let startFailed = Code("start failed")

        public var description: String { name }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public static func == (lhs: HTTPServerError, rhs: HTTPServerError) -> Bool { lhs.code == rhs.code }
}
