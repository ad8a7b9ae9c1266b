import BoltProtocol
import GraphValue

/// The four Bolt server messages.
enum ResponseKind: Sendable, Equatable {
    case success
    case record
    case ignored
    case failure

    var name: String {
        switch self {
        case .success: "SUCCESS"
        case .record: "RECORD"
        case .ignored: "IGNORED"
        case .failure: "FAILURE"
        }
    }
}

/// Reassembles server messages from Bolt chunks and classifies each by its structure tag.
///
/// Feed it received bytes, then call ``nextMessage()`` until it returns nil. The body of the
/// message last returned stays in ``body`` until the next call, for ``decodeMetadata()``.
/// Buffers keep their capacity between messages, so a steady stream of responses allocates
/// nothing once the buffers have grown to the largest message.
///
/// The check is shallow on purpose, because it runs on the client's hot path: a message must
/// be a structure with a known tag and the field count and field type of that tag. Only
/// ``decodeMetadata()`` decodes the PackStream inside; RECORD values are never decoded.
/// After a throw the reader stays failed, because the stream has lost its framing.
struct ResponseReader {
    /// The default bound on one reassembled message: 16 MiB, as the server's default.
    static let defaultMaximumMessageSize = 16 << 20

    let maximumMessageSize: Int
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// The message being assembled, or the last complete one while `messageComplete` is set.
    private(set) var body: [UInt8] = []
    private var messageComplete = false
    /// Set once a chunk of the current message has arrived, so that its end marker is not
    /// taken for a NOOP.
    private var messageStarted = false
    private var failure: BoltClientError?

    init(maximumMessageSize: Int = ResponseReader.defaultMaximumMessageSize) {
        precondition(maximumMessageSize > 0, "the maximum message size must be positive")
        self.maximumMessageSize = maximumMessageSize
        buffer.reserveCapacity(1 << 16)
        body.reserveCapacity(1 << 10)
    }

    /// Whether a message has begun but not ended, or unread bytes remain. A server that closes
    /// the connection in this state cut a message short.
    var hasPendingBytes: Bool { messageStarted || readIndex < buffer.count }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    mutating func feed(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Returns the kind of the next complete message, or nil when more bytes are needed.
    mutating func nextMessage() throws(BoltClientError) -> ResponseKind? {
        if let failure { throw failure }
        if messageComplete {
            body.removeAll(keepingCapacity: true)
            messageComplete = false
        }
        do throws(BoltClientError) {
            guard try assembleMessage() else {
                compact()
                return nil
            }
            messageComplete = true
            compact()
            return try classify()
        } catch {
            failure = error
            throw error
        }
    }

    /// Decodes the dictionary of the SUCCESS or FAILURE message last returned.
    func decodeMetadata() throws(BoltClientError) -> [String: Value] {
        precondition(messageComplete, "decodeMetadata needs a message returned by nextMessage")
        var decoder = PackStreamDecoder(bytes: body, acceptsGraphStructures: true)
        let value: Value
        do throws(PackStreamError) {
            _ = try decoder.decodeStructureHeader()
            value = try decoder.decodeFieldValue()
            try decoder.expectEnd()
        } catch {
            throw .malformedResponse(error.description)
        }
        guard case .map(let metadata) = value else {
            throw .malformedResponse("the metadata of a \(tagName(body[1])) message is not a dictionary")
        }
        return metadata
    }

    /// Moves chunks into `body` until a message ends; returns whether one did.
    private mutating func assembleMessage() throws(BoltClientError) -> Bool {
        while buffer.count - readIndex >= 2 {
            let length = Int(buffer[readIndex]) << 8 | Int(buffer[readIndex + 1])
            if length == 0 {
                readIndex += 2
                if messageStarted {
                    messageStarted = false
                    return true
                }
                continue  // a NOOP keep-alive between messages
            }
            guard body.count + length <= maximumMessageSize else {
                throw .malformedResponse("a message exceeds the maximum size of \(maximumMessageSize) bytes")
            }
            guard buffer.count - readIndex - 2 >= length else { return false }
            body.append(contentsOf: buffer[(readIndex + 2)..<(readIndex + 2 + length)])
            messageStarted = true
            readIndex += 2 + length
        }
        return false
    }

    private func classify() throws(BoltClientError) -> ResponseKind {
        let marker = body[0]
        guard marker & 0xF0 == 0xB0, body.count >= 2 else {
            throw .malformedResponse("a message starts with marker \(hexByte(marker)), not a structure")
        }
        let fieldCount = Int(marker & 0x0F)
        let tag = body[1]

        let kind: ResponseKind
        switch tag {
        case BoltResponse.Tag.success: kind = .success
        case BoltResponse.Tag.record: kind = .record
        case BoltResponse.Tag.ignored: kind = .ignored
        case BoltResponse.Tag.failure: kind = .failure
        default: throw .malformedResponse("unknown message tag \(hexByte(tag))")
        }
        if kind == .ignored {
            guard fieldCount == 0, body.count == 2 else {
                throw .malformedResponse("IGNORED has \(fieldCount) fields and \(body.count) bytes; expected none")
            }
            return kind
        }

        guard fieldCount == 1, body.count >= 3 else {
            throw .malformedResponse("\(kind.name) has \(fieldCount) fields; expected 1")
        }
        let expectsList = kind == .record
        guard Self.isCollectionMarker(body[2], list: expectsList) else {
            let expected = expectsList ? "a list" : "a dictionary"
            throw .malformedResponse(
                "the field of \(kind.name) starts with marker \(hexByte(body[2])), not \(expected)"
            )
        }
        return kind
    }

    /// Returns whether `marker` starts a list (tiny `9x`, or `D4` to `D6` with an 8, 16 or 32-bit size)
    /// or, when `list` is false, a dictionary (`Ax`, or `D8` to `DA`).
    private static func isCollectionMarker(_ marker: UInt8, list: Bool) -> Bool {
        let tiny: UInt8 = list ? 0x90 : 0xA0
        let sized: UInt8 = list ? 0xD4 : 0xD8
        return marker & 0xF0 == tiny || (sized...(sized + 2)).contains(marker)
    }

    private func tagName(_ tag: UInt8) -> String {
        switch tag {
        case BoltResponse.Tag.success: "SUCCESS"
        case BoltResponse.Tag.failure: "FAILURE"
        default: hexByte(tag)
        }
    }

    /// Drops consumed bytes once all are read, or once they make up most of a large buffer,
    /// so that the copy stays amortised O(1) per byte.
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
