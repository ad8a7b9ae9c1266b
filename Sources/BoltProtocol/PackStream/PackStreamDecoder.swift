public import GraphValue

/// Reads PackStream v1 values from a byte array, accepting every valid encoding of a value.
///
/// The decoder is strict: it throws ``PackStreamError`` on truncated input, unknown markers,
/// non-string dictionary keys, invalid UTF-8, malformed structures, nesting deeper than
/// ``PackStreamLimits/maximumDepth`` and sizes beyond the limits. A declared length larger than
/// the remaining input fails before anything is allocated, so short hostile inputs stay cheap.
/// Recursion depth is bounded by the limits, so no input can overflow the stack.
///
/// Node, Relationship and Path structures are rejected unless `acceptsGraphStructures` is set:
/// clients may not send them as parameters, but a test client decoding records needs them.
public struct PackStreamDecoder: Sendable {
    public let format: BoltWireFormat
    public let limits: PackStreamLimits
    public let acceptsGraphStructures: Bool
    let bytes: [UInt8]
    /// The offset of the next byte to read.
    public private(set) var offset: Int = 0

    public init(
        bytes: [UInt8],
        format: BoltWireFormat = .latest,
        limits: PackStreamLimits = PackStreamLimits(),
        acceptsGraphStructures: Bool = false
    ) {
        self.bytes = bytes
        self.format = format
        self.limits = limits
        self.acceptsGraphStructures = acceptsGraphStructures
    }

    /// Decodes exactly one value that spans the whole input.
    public static func decodeValue(
        from bytes: [UInt8],
        format: BoltWireFormat = .latest,
        limits: PackStreamLimits = PackStreamLimits(),
        acceptsGraphStructures: Bool = false
    ) throws(PackStreamError) -> Value {
        var decoder = PackStreamDecoder(
            bytes: bytes,
            format: format,
            limits: limits,
            acceptsGraphStructures: acceptsGraphStructures
        )
        let value = try decoder.decodeValue()
        try decoder.expectEnd()
        return value
    }

    public var isAtEnd: Bool { offset == bytes.count }

    /// Throws `trailingBytes` unless the whole input has been read.
    public func expectEnd() throws(PackStreamError) {
        guard isAtEnd else {
            throw PackStreamError(
                .trailingBytes,
                "\(bytes.count - offset) unexpected bytes after the end of the value",
                offset: offset
            )
        }
    }

    /// Decodes the next value.
    public mutating func decodeValue() throws(PackStreamError) -> Value {
        try value(depth: 1)
    }

    /// Decodes the next field of a structure read with ``decodeStructureHeader()``, counting
    /// the structure as the outermost level of nesting.
    public mutating func decodeFieldValue() throws(PackStreamError) -> Value {
        try value(depth: 2)
    }

    /// Reads a structure marker and its tag, without its fields.
    public mutating func decodeStructureHeader() throws(PackStreamError) -> (tag: UInt8, fieldCount: Int) {
        let start = offset
        let marker = try readByte()
        guard marker & 0xF0 == PackStreamMarker.tinyStructure else {
            throw PackStreamError(
                .invalidStructure,
                "expected a structure but found marker \(hex(marker))",
                offset: start
            )
        }
        return (try readByte(), Int(marker & 0x0F))
    }

    /// Decodes a structure with any tag, for example a Bolt message, decoding its fields as values.
    public mutating func decodeStructure() throws(PackStreamError) -> PackStreamStructure {
        let (tag, fieldCount) = try decodeStructureHeader()
        var fields: [Value] = []
        fields.reserveCapacity(fieldCount)
        for _ in 0..<fieldCount {
            fields.append(try decodeFieldValue())
        }
        return PackStreamStructure(tag: tag, fields: fields)
    }

    mutating func value(depth: Int) throws(PackStreamError) -> Value {
        let start = offset
        let marker = try readByte()
        switch marker {
        case 0x00...0x7F, 0xF0...0xFF:
            return .integer(Int64(Int8(bitPattern: marker)))
        case PackStreamMarker.null: return .null
        case PackStreamMarker.false: return .boolean(false)
        case PackStreamMarker.true: return .boolean(true)
        case PackStreamMarker.float64: return .float(Double(bitPattern: try readBigEndian(UInt64.self)))
        case PackStreamMarker.int8: return .integer(Int64(Int8(bitPattern: try readByte())))
        case PackStreamMarker.int16: return .integer(Int64(Int16(bitPattern: try readBigEndian(UInt16.self))))
        case PackStreamMarker.int32: return .integer(Int64(Int32(bitPattern: try readBigEndian(UInt32.self))))
        case PackStreamMarker.int64: return .integer(Int64(bitPattern: try readBigEndian(UInt64.self)))
        case PackStreamMarker.bytes8...PackStreamMarker.bytes32:
            let count = try readSize(widthCode: marker - PackStreamMarker.bytes8)
            return .bytes(Array(try readBytes(count, limit: limits.maximumStringLength, typeName: "byte array")))
        case 0x80...0x8F, PackStreamMarker.string8...PackStreamMarker.string32:
            let count = marker < 0x90 ? Int(marker & 0x0F) : try readSize(widthCode: marker - PackStreamMarker.string8)
            return .string(try readString(count, at: start))
        case 0x90...0x9F, PackStreamMarker.list8...PackStreamMarker.list32:
            let count = marker < 0xA0 ? Int(marker & 0x0F) : try readSize(widthCode: marker - PackStreamMarker.list8)
            return .list(try list(count: count, depth: depth, at: start))
        case 0xA0...0xAF, PackStreamMarker.map8...PackStreamMarker.map32:
            let count = marker < 0xB0 ? Int(marker & 0x0F) : try readSize(widthCode: marker - PackStreamMarker.map8)
            return .map(try map(count: count, depth: depth, at: start))
        case 0xB0...0xBF:
            try checkDepth(depth, at: start)
            let tag = try readByte()
            return try structureValue(tag: tag, fieldCount: Int(marker & 0x0F), depth: depth, at: start)
        default:
            throw PackStreamError(.unknownMarker, "unknown marker byte \(hex(marker))", offset: start)
        }
    }

    /// Reads an 8-, 16- or 32-bit length; `widthCode` is 0, 1 or 2 (the marker's offset from its
    /// 8-bit form). Any other code is a marker PackStream v1 leaves undefined, such as `D3`.
    private mutating func readSize(widthCode: UInt8) throws(PackStreamError) -> Int {
        switch widthCode {
        case 0: return Int(try readByte())
        case 1: return Int(try readBigEndian(UInt16.self))
        case 2: return Int(try readBigEndian(UInt32.self))
        default:
            throw PackStreamError(.unknownMarker, "unknown marker byte \(hex(bytes[offset - 1]))", offset: offset - 1)
        }
    }

    private mutating func list(count: Int, depth: Int, at start: Int) throws(PackStreamError) -> [Value] {
        try checkDepth(depth, at: start)
        try checkCount(count, minimumItemSize: 1, typeName: "list", at: start)
        var items: [Value] = []
        items.reserveCapacity(count)
        for _ in 0..<count {
            items.append(try value(depth: depth + 1))
        }
        return items
    }

    private mutating func map(count: Int, depth: Int, at start: Int) throws(PackStreamError) -> [String: Value] {
        try checkDepth(depth, at: start)
        // Every entry takes at least two bytes: a tiny string key and a tiny value.
        try checkCount(count, minimumItemSize: 2, typeName: "dictionary", at: start)
        var entries: [String: Value] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let keyOffset = offset
            guard case .string(let key) = try value(depth: depth + 1) else {
                throw PackStreamError(.invalidKey, "dictionary keys must be strings", offset: keyOffset)
            }
            // A repeated key keeps the last value, as PackStream specifies.
            entries[key] = try value(depth: depth + 1)
        }
        return entries
    }

    /// Reads a list header where only a list is valid, such as the relationships of a Path.
    mutating func readListHeader(depth: Int, field: String) throws(PackStreamError) -> Int {
        let start = offset
        let marker = try readByte()
        let count: Int
        switch marker {
        case 0x90...0x9F: count = Int(marker & 0x0F)
        case PackStreamMarker.list8...PackStreamMarker.list32:
            count = try readSize(widthCode: marker - PackStreamMarker.list8)
        default: throw PackStreamError(.invalidStructure, "\(field) must be a List", offset: start)
        }
        try checkDepth(depth, at: start)
        try checkCount(count, minimumItemSize: 1, typeName: "list", at: start)
        return count
    }

    func checkDepth(_ depth: Int, at start: Int) throws(PackStreamError) {
        guard depth <= limits.maximumDepth else {
            throw PackStreamError(
                .depthLimitExceeded,
                "values are nested deeper than the limit of \(limits.maximumDepth)",
                offset: start
            )
        }
    }

    func checkCount(_ count: Int, minimumItemSize: Int, typeName: String, at start: Int) throws(PackStreamError) {
        guard count <= limits.maximumCollectionCount else {
            throw PackStreamError(
                .sizeLimitExceeded,
                "\(typeName) count \(count) exceeds the limit of \(limits.maximumCollectionCount)",
                offset: start
            )
        }
        guard count <= (bytes.count - offset) / minimumItemSize else {
            throw PackStreamError(
                .truncated,
                "\(typeName) declares a count of \(count) but only \(bytes.count - offset) bytes remain",
                offset: start
            )
        }
    }

    private mutating func readString(_ count: Int, at start: Int) throws(PackStreamError) -> String {
        let utf8 = try readBytes(count, limit: limits.maximumStringLength, typeName: "string")
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw PackStreamError(.invalidUTF8, "string of \(count) bytes is not valid UTF-8", offset: start)
        }
        return text
    }

    mutating func readByte() throws(PackStreamError) -> UInt8 {
        guard offset < bytes.count else {
            throw PackStreamError(.truncated, "input ended inside a value", offset: offset)
        }
        defer { offset += 1 }
        return bytes[offset]
    }

    private mutating func readBigEndian<T: FixedWidthInteger & UnsignedInteger>(
        _: T.Type
    ) throws(PackStreamError) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.count - offset >= size else {
            throw PackStreamError(.truncated, "input ended inside a \(size * 8)-bit number", offset: offset)
        }
        var result: T = 0
        for index in offset..<(offset + size) {
            result = result << 8 | T(bytes[index])
        }
        offset += size
        return result
    }

    private mutating func readBytes(_ count: Int, limit: Int, typeName: String) throws(PackStreamError) -> ArraySlice<
        UInt8
    > {
        guard count <= limit else {
            throw PackStreamError(
                .sizeLimitExceeded,
                "\(typeName) of \(count) bytes exceeds the limit of \(limit)",
                offset: offset
            )
        }
        guard bytes.count - offset >= count else {
            throw PackStreamError(
                .truncated,
                "\(typeName) declares \(count) bytes but only \(bytes.count - offset) remain",
                offset: offset
            )
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }
}

/// Counts fields in words for error messages: "1 field", "3 fields".
func fieldCountText(_ count: Int) -> String {
    count == 1 ? "1 field" : "\(count) fields"
}

func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return byte < 16 ? "0x0\(digits)" : "0x\(digits)"
}
