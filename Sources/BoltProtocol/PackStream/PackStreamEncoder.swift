public import GraphValue

/// Appends PackStream v1 encodings to a byte buffer, always choosing the smallest form.
///
/// Structures for graph and temporal values follow ``format``: Bolt 5 adds element ids to
/// nodes and relationships, and Bolt 4.4 without the `utc` patch sends legacy local-time
/// DateTimes. Encoding does not throw, because every `Value` has a PackStream form; only sizes
/// beyond PackStream's 32-bit lengths and structures of more than 15 fields trap.
public struct PackStreamEncoder: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]
    public let format: BoltWireFormat

    public init(format: BoltWireFormat = .latest, reservingCapacity capacity: Int = 0) {
        self.format = format
        self.bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Encodes one value with the given format and returns its bytes.
    public static func encode(_ value: Value, format: BoltWireFormat = .latest) -> [UInt8] {
        var encoder = PackStreamEncoder(format: format)
        encoder.encode(value)
        return encoder.bytes
    }

    public mutating func encodeNull() {
        bytes.append(PackStreamMarker.null)
    }

    public mutating func encode(_ value: Bool) {
        bytes.append(value ? PackStreamMarker.true : PackStreamMarker.false)
    }

    public mutating func encode(_ value: Int64) {
        switch value {
        case -16...127:
            bytes.append(UInt8(bitPattern: Int8(value)))
        case Int64(Int8.min)...Int64(Int8.max):
            bytes.append(PackStreamMarker.int8)
            bytes.append(UInt8(bitPattern: Int8(value)))
        case Int64(Int16.min)...Int64(Int16.max):
            bytes.append(PackStreamMarker.int16)
            appendBigEndian(UInt16(bitPattern: Int16(value)))
        case Int64(Int32.min)...Int64(Int32.max):
            bytes.append(PackStreamMarker.int32)
            appendBigEndian(UInt32(bitPattern: Int32(value)))
        default:
            bytes.append(PackStreamMarker.int64)
            appendBigEndian(UInt64(bitPattern: value))
        }
    }

    public mutating func encode(_ value: Double) {
        bytes.append(PackStreamMarker.float64)
        appendBigEndian(value.bitPattern)
    }

    public mutating func encode(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            appendHeader(
                count: utf8.count,
                tiny: PackStreamMarker.tinyString,
                sized: (PackStreamMarker.string8, PackStreamMarker.string16, PackStreamMarker.string32)
            )
            bytes.append(contentsOf: utf8)
        }
    }

    /// Encodes a byte array. PackStream has no tiny form for bytes, so the header is at least 2 bytes.
    public mutating func encode(bytes value: [UInt8]) {
        appendHeader(
            count: value.count,
            tiny: nil,
            sized: (PackStreamMarker.bytes8, PackStreamMarker.bytes16, PackStreamMarker.bytes32)
        )
        bytes.append(contentsOf: value)
    }

    /// Writes a list header; the caller then encodes exactly `count` items.
    public mutating func encodeListHeader(count: Int) {
        appendHeader(
            count: count,
            tiny: PackStreamMarker.tinyList,
            sized: (PackStreamMarker.list8, PackStreamMarker.list16, PackStreamMarker.list32)
        )
    }

    /// Writes a dictionary header; the caller then encodes exactly `count` key and value pairs.
    public mutating func encodeMapHeader(count: Int) {
        appendHeader(
            count: count,
            tiny: PackStreamMarker.tinyMap,
            sized: (PackStreamMarker.map8, PackStreamMarker.map16, PackStreamMarker.map32)
        )
    }

    /// Writes a structure header; the caller then encodes exactly `fieldCount` fields.
    ///
    /// - Precondition: `fieldCount` is at most 15, the largest count PackStream v1 can express.
    public mutating func encodeStructureHeader(tag: UInt8, fieldCount: Int) {
        precondition((0...15).contains(fieldCount), "a PackStream structure has at most 15 fields")
        bytes.append(PackStreamMarker.tinyStructure | UInt8(fieldCount))
        bytes.append(tag)
    }

    /// Encodes a raw structure, for example a Bolt message, with `Value` fields.
    public mutating func encode(_ structure: PackStreamStructure) {
        encodeStructureHeader(tag: structure.tag, fieldCount: structure.fields.count)
        for field in structure.fields {
            encode(field)
        }
    }

    public mutating func encode(_ list: [Value]) {
        encodeListHeader(count: list.count)
        for item in list {
            encode(item)
        }
    }

    public mutating func encode(_ map: [String: Value]) {
        encodeMapHeader(count: map.count)
        for (key, value) in map {
            encode(key)
            encode(value)
        }
    }

    public mutating func encode(_ value: Value) {
        switch value {
        case .null: encodeNull()
        case .boolean(let flag): encode(flag)
        case .integer(let number): encode(number)
        case .float(let number): encode(number)
        case .string(let text): encode(text)
        case .bytes(let data): encode(bytes: data)
        case .list(let items): encode(items)
        case .map(let entries): encode(entries)
        case .node(let node): encode(node)
        case .relationship(let relationship): encode(relationship)
        case .path(let path): encode(path)
        case .date(let date): encode(date)
        case .time(let time): encode(time)
        case .localTime(let time): encode(time)
        case .dateTime(let dateTime): encode(dateTime)
        case .localDateTime(let dateTime): encode(dateTime)
        case .duration(let duration): encode(duration)
        case .point(let point): encode(point)
        }
    }

    /// Writes a size header in the smallest form: tiny when `tiny` is given and `count` < 16,
    /// else an 8-, 16- or 32-bit length.
    private mutating func appendHeader(count: Int, tiny: UInt8?, sized: (UInt8, UInt8, UInt8)) {
        precondition(count >= 0 && count <= Int(UInt32.max), "PackStream sizes fit in 32 bits")
        if let tiny, count < 16 {
            bytes.append(tiny | UInt8(count))
        } else if count <= Int(UInt8.max) {
            bytes.append(sized.0)
            bytes.append(UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes.append(sized.1)
            appendBigEndian(UInt16(count))
        } else {
            bytes.append(sized.2)
            appendBigEndian(UInt32(count))
        }
    }

    private mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
