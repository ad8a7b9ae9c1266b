/// The server states of a Bolt connection, named as in the Bolt specification.
public enum BoltState: String, Sendable, Hashable, CustomStringConvertible {
    /// Handshake done, waiting for HELLO. Older documents call it CONNECTED.
    case negotiation = "NEGOTIATION"
    /// Bolt 5.1+: HELLO succeeded, waiting for LOGON.
    case authentication = "AUTHENTICATION"
    case ready = "READY"
    /// An auto-commit result is open.
    case streaming = "STREAMING"
    /// An explicit transaction is open and has no open result.
    case txReady = "TX_READY"
    /// An explicit transaction has at least one open result.
    case txStreaming = "TX_STREAMING"
    /// A request failed; everything except RESET, GOODBYE, HELLO and LOGON is IGNORED.
    case failed = "FAILED"
    /// A RESET is queued; everything before it is IGNORED.
    case interrupted = "INTERRUPTED"
    /// The connection is closing.
    case defunct = "DEFUNCT"

    public var description: String { rawValue }
}
