public import Host

/// Reassembles Bolt messages from chunks: each chunk is a big-endian `u16` length and that
/// many bytes, and a zero-length chunk ends the message.
///
/// Feed it bytes as they arrive, in slices of any size, then call ``nextMessage()`` until it
/// returns nil. A zero-length chunk that arrives between messages is a NOOP keep-alive and is
/// skipped. Once it has thrown, the decoder stays failed, because the stream has lost its
/// framing; the connection sends FAILURE and closes.
public struct ChunkDecoder: Sendable {
    /// The default bound on one reassembled message: 16 MiB.
    public static let defaultMaximumMessageSize = 16 << 20

    public let maximumMessageSize: Int
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var message: [UInt8] = []
    /// Set once a chunk has arrived for the current message, so that its end marker is not
    /// mistaken for a NOOP.
    private var messageStarted = false
    private var failure: ServerError?

    public init(maximumMessageSize: Int = ChunkDecoder.defaultMaximumMessageSize) {
        precondition(maximumMessageSize > 0, "the maximum message size must be positive")
        self.maximumMessageSize = maximumMessageSize
    }

    /// Whether part of a message, or unread bytes, are waiting for more input. A peer that
    /// disconnects in this state cut a message short.
    public var hasPendingBytes: Bool { messageStarted || readIndex < buffer.count }

    /// Appends received bytes.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Returns the next complete message body, or nil when more bytes are needed.
    ///
    /// - Throws: `Neo.ClientError.Request.InvalidFormat` when a message exceeds
    ///   ``maximumMessageSize``; the same error on every later call.
    public mutating func nextMessage() throws(ServerError) -> [UInt8]? {
        if let failure { throw failure }
        while buffer.count - readIndex >= 2 {
            let length = Int(buffer[readIndex]) << 8 | Int(buffer[readIndex + 1])
            if length == 0 {
                readIndex += 2
                if messageStarted {
                    return finishMessage()
                }
                continue  // NOOP between messages
            }
            guard message.count + length <= maximumMessageSize else {
                let error = ServerError(
                    .invalidFormat,
                    "A Bolt message exceeds the maximum size of \(maximumMessageSize) bytes; "
                        + "send smaller parameters or raise the server's message size limit."
                )
                failure = error
                throw error
            }
            guard buffer.count - readIndex - 2 >= length else { break }
            message.append(contentsOf: buffer[(readIndex + 2)..<(readIndex + 2 + length)])
            messageStarted = true
            readIndex += 2 + length
        }
        compact()
        return nil
    }

    private mutating func finishMessage() -> [UInt8] {
        let body = message
        message = []
        messageStarted = false
        compact()
        return body
    }

    /// Drops consumed bytes once they make up most of the buffer, so that the buffer does not
    /// grow without bound and the copy stays amortised O(1) per byte.
    private mutating func compact() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex > 4096 && readIndex * 2 > buffer.count {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}
