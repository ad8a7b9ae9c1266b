public import GraphValue
public import Host

/// A message from server to client.
public enum BoltResponse: Sendable, Hashable {
    case success([String: Value])
    /// One result row, its values in the order of the RUN SUCCESS `fields`.
    case record([Value])
    case ignored
    /// FAILURE with its metadata; build it with ``failure(_:version:)`` so the shape matches
    /// the negotiated version.
    case failure([String: Value])

    public enum Tag {
        public static let success: UInt8 = 0x70
        public static let record: UInt8 = 0x71
        public static let ignored: UInt8 = 0x7E
        public static let failure: UInt8 = 0x7F
    }

    /// Appends the message body, without chunk framing, to an encoder.
    public func encode(into encoder: inout PackStreamEncoder) {
        switch self {
        case .success(let metadata):
            encoder.encodeStructureHeader(tag: Tag.success, fieldCount: 1)
            encoder.encode(metadata)
        case .record(let values):
            encoder.encodeStructureHeader(tag: Tag.record, fieldCount: 1)
            encoder.encode(values)
        case .ignored:
            encoder.encodeStructureHeader(tag: Tag.ignored, fieldCount: 0)
        case .failure(let metadata):
            encoder.encodeStructureHeader(tag: Tag.failure, fieldCount: 1)
            encoder.encode(metadata)
        }
    }

    /// Encodes the message body, without chunk framing.
    public func encode(format: BoltWireFormat) -> [UInt8] {
        var encoder = PackStreamEncoder(format: format)
        encode(into: &encoder)
        return encoder.bytes
    }

    /// Decodes a message body as a client would, accepting nodes, relationships and paths in
    /// records. For test clients and tools; the server never decodes responses.
    ///
    /// - Throws: `Neo.ClientError.Request.InvalidFormat` for malformed bytes or an unknown tag.
    public init(decoding body: [UInt8], format: BoltWireFormat = .latest) throws(ServerError) {
        var decoder = PackStreamDecoder(bytes: body, format: format, acceptsGraphStructures: true)
        let structure: PackStreamStructure
        do {
            structure = try decoder.decodeStructure()
            try decoder.expectEnd()
        } catch {
            throw error.serverError
        }
        switch (structure.tag, structure.fields.first) {
        case (Tag.success, .map(let metadata)?) where structure.fields.count == 1: self = .success(metadata)
        case (Tag.record, .list(let values)?) where structure.fields.count == 1: self = .record(values)
        case (Tag.failure, .map(let metadata)?) where structure.fields.count == 1: self = .failure(metadata)
        case (Tag.ignored, nil): self = .ignored
        default:
            throw ServerError(
                .invalidFormat,
                "Message \(hex(structure.tag)) with \(structure.fields.count) fields is not a Bolt response."
            )
        }
    }
}

extension ChunkEncoder {
    /// Encodes a response and appends it as one chunked message.
    public mutating func append(_ response: BoltResponse, format: BoltWireFormat) {
        append(message: response.encode(format: format))
    }

    /// Encodes a request and appends it as one chunked message, for test clients.
    public mutating func append(_ request: BoltRequest, format: BoltWireFormat) {
        append(message: request.encode(format: format))
    }
}
