import BoltProtocol
import GraphValue

/// Chunked Bolt requests, ready to write to the socket.
enum RequestBytes {
    static let reset = framed(BoltRequest.reset.encode())
    static let goodbye = framed(BoltRequest.goodbye.encode())

    /// HELLO with `user_agent`, plus `bolt_agent` from Bolt 5.3 on (Neo4j requires it there),
    /// plus the auth keys when the version carries them in HELLO (5.0 and older).
    static func hello(version: BoltVersion, userAgent: String, auth: [String: Value]) -> [UInt8] {
        var extra: [String: Value] = ["user_agent": .string(userAgent)]
        if version >= BoltVersion(major: 5, minor: 3) {
            extra["bolt_agent"] = ["product": .string(userAgent)]
        }
        if version.helloCarriesAuth {
            extra.merge(auth) { _, token in token }
        }
        return framed(BoltRequest.hello(extra: extra).encode(format: BoltWireFormat(version: version)))
    }

    static func logon(auth: [String: Value]) -> [UInt8] {
        framed(BoltRequest.logon(auth: auth).encode())
    }

    static func framed(_ body: [UInt8]) -> [UInt8] {
        var encoder = ChunkEncoder()
        encoder.append(message: body)
        return encoder.takeBytes()
    }
}

/// A random integer parameter of each query, as `--int-param NAME:LOW:HIGH` sets it.
struct IntParameter: Sendable, Equatable {
    let name: String
    let range: ClosedRange<Int64>
}

/// RUN in auto-commit mode followed by PULL `{n: -1}`, chunked into one buffer so that one
/// write sends both.
///
/// With an integer parameter, the value is always encoded as a 64-bit PackStream integer
/// (`CB` and 8 bytes), which is valid for every value. So the message keeps its length and
/// ``setParameter(_:)`` overwrites the 8 bytes in place, without encoding or allocating.
struct QueryRequest {
    private(set) var bytes: [UInt8]
    /// The indexes in `bytes` of the parameter's 8 big-endian bytes; empty without a parameter.
    private let parameterIndexes: [Int]

    init(query: String, parameter: IntParameter?) {
        var encoder = PackStreamEncoder()
        encoder.encodeStructureHeader(tag: BoltRequest.Kind.run.tag, fieldCount: 3)
        encoder.encode(query)
        var bodyIndexes: Range<Int> = 0..<0
        if let parameter {
            encoder.encodeMapHeader(count: 1)
            encoder.encode(parameter.name)
            encoder.bytes.append(0xCB)
            bodyIndexes = encoder.bytes.count..<(encoder.bytes.count + 8)
            encoder.bytes += [UInt8](repeating: 0, count: 8)
        } else {
            encoder.encodeMapHeader(count: 0)
        }
        encoder.encodeMapHeader(count: 0)  // no transaction metadata: the default database

        var chunks = ChunkEncoder()
        chunks.append(message: encoder.bytes)
        chunks.append(message: BoltRequest.pull(StreamRequest(count: -1)).encode())
        bytes = chunks.takeBytes()
        // RUN is the first message, so body byte i sits after the headers of chunks 0 to
        // i / maximumChunkSize, which are 2 bytes each.
        parameterIndexes = bodyIndexes.map { $0 + 2 * ($0 / ChunkEncoder.maximumChunkSize + 1) }
    }

    /// Writes `value` into the parameter's bytes.
    mutating func setParameter(_ value: Int64) {
        precondition(parameterIndexes.count == 8, "the query has no integer parameter")
        let pattern = UInt64(bitPattern: value)
        for (position, index) in parameterIndexes.enumerated() {
            bytes[index] = UInt8(truncatingIfNeeded: pattern >> (8 * (7 - UInt64(position))))
        }
    }
}
