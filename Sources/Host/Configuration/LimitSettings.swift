/// Bounds on what one client may hold: connections, login and idle time, message size and open
/// transactions. The Bolt listener applies them; HTTP has bounds of its own.
public struct LimitSettings: Sendable, Equatable {
    /// The most Bolt connections open at once. A connection beyond it completes the handshake,
    /// gets FAILURE `Neo.TransientError.Request.NoThreadsAvailable` to its first message, and is
    /// closed.
    public var maximumConnections = 1000
    /// Seconds a Bolt client has from connecting to its first successful login, the handshake
    /// included.
    public var loginTimeoutSeconds: Int64 = 30
    /// Seconds a Bolt connection may go without sending a whole request before it is closed;
    /// 0 turns the limit off.
    public var idleTimeoutSeconds: Int64 = 1800
    /// Seconds a reply may wait for the client to read any of it before the connection is closed.
    public var writeTimeoutSeconds: Int64 = 60
    /// The largest Bolt message, in bytes, after its chunks are joined.
    public var maximumMessageBytes = 16 << 20
    /// The most Bolt transactions one user keeps open at once, across all connections.
    public var maximumTransactionsPerUser = 32
    /// The most Bolt transactions open at once on the server. Each keeps one of the store's 256
    /// connections until it ends; HTTP transactions hold at most 128 and auto-commit statements
    /// on the 32 storage threads at most 32, so 96 keeps every one of them a connection.
    public var maximumTransactions = 96
    /// The highest ``maximumTransactions`` that keeps that guarantee.
    public static let maximumTransactionsAllowed = 96

    public init() {}
}
