/// Frames message bodies as Bolt chunks into one output buffer.
///
/// Each message is split into chunks of at most ``maximumChunkSize`` bytes and ends with
/// `00 00`. Several messages can be appended before ``takeBytes()``, so the connection
/// writes a whole batch of replies in one system call.
public struct ChunkEncoder: Sendable {
    /// The largest payload a `u16` chunk header can describe.
    public static let maximumChunkSize = 65_535

    /// The framed bytes not yet taken.
    public private(set) var bytes: [UInt8] = []
    public let maximumChunkSize: Int

    /// - Parameter maximumChunkSize: from 1 to 65,535; smaller values are useful in tests.
    public init(maximumChunkSize: Int = ChunkEncoder.maximumChunkSize) {
        precondition((1...Self.maximumChunkSize).contains(maximumChunkSize), "chunk sizes range from 1 to 65,535")
        self.maximumChunkSize = maximumChunkSize
    }

    public var isEmpty: Bool { bytes.isEmpty }

    /// Appends one message body, chunked and terminated.
    ///
    /// - Precondition: `body` is not empty; an empty message would read as a NOOP.
    public mutating func append(message body: some Collection<UInt8>) {
        precondition(!body.isEmpty, "a Bolt message body is never empty")
        var start = body.startIndex
        while start != body.endIndex {
            let end = body.index(start, offsetBy: maximumChunkSize, limitedBy: body.endIndex) ?? body.endIndex
            let length = body.distance(from: start, to: end)
            bytes.append(UInt8(length >> 8))
            bytes.append(UInt8(length & 0xFF))
            bytes.append(contentsOf: body[start..<end])
            start = end
        }
        bytes.append(contentsOf: [0x00, 0x00])
    }

    /// Appends a NOOP keep-alive, a zero-length chunk that clients skip (Bolt 4.1+).
    public mutating func appendNoop() {
        bytes.append(contentsOf: [0x00, 0x00])
    }

    /// Returns the framed bytes and empties the buffer.
    public mutating func takeBytes() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}
