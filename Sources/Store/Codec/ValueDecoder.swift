import GraphValue

/// Why stored bytes failed to decode; logged, never sent to clients.
public struct ValueDecodingError: Error, CustomStringConvertible {
    public var description: String
}

/// Reads the encoding that ``ValueEncoder`` writes, checking every length and tag.
///
/// Corrupt input throws ``ValueDecodingError`` instead of trapping: reads past the end,
/// unknown tags, invalid UTF-8, out-of-range integers, paths whose node and relationship
/// counts do not fit, and nesting deeper than ``maximumDepth``.
struct ValueDecoder {
    /// The deepest nesting of lists, maps and paths accepted, which bounds the recursion.
    static let maximumDepth = 512

    private let bytes: [UInt8]
    private(set) var offset = 0
    private var depth = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func readValue() throws -> Value {
        let raw = try readByte()
        guard let tag = ValueTag(rawValue: raw) else { throw ValueDecodingError(description: "unknown tag \(raw)") }
        switch tag {
        case .null: return .null
        case .falseValue: return .boolean(false)
        case .trueValue: return .boolean(true)
        case .integer: return .integer(try readSigned())
        case .float: return .float(try readDouble())
        case .string: return .string(try readString())
        case .bytes: return .bytes(try readBytes(count: try readCount()))
        case .list:
            let count = try readCount()
            return try nested { decoder in
                var elements: [Value] = []
                elements.reserveCapacity(count)
                for _ in 0..<count { elements.append(try decoder.readValue()) }
                return .list(elements)
            }
        case .map: return .map(try nested { try $0.readMap() })
        case .node: return .node(try nested { try $0.readNode() })
        case .relationship: return .relationship(try nested { try $0.readRelationship() })
        case .path: return .path(try nested { try $0.readPath() })
        default: return try readTemporalOrPoint(tag)
        }
    }

    private mutating func readTemporalOrPoint(_ tag: ValueTag) throws -> Value {
        switch tag {
        case .date:
            return .date(CalendarDate(daysSinceEpoch: try readSigned()))
        case .time:
            let nanoseconds = try readSigned()
            return .time(Time(nanosecondsSinceMidnight: nanoseconds, offsetSeconds: try readInt32()))
        case .localTime:
            return .localTime(LocalTime(nanosecondsSinceMidnight: try readSigned()))
        case .dateTimeOffset:
            let seconds = try readSigned()
            let nanoseconds = try readInt32()
            let zone = DateTime.Zone.offset(seconds: try readInt32())
            return .dateTime(DateTime(secondsSinceEpoch: seconds, nanoseconds: nanoseconds, zone: zone))
        case .dateTimeZoneID:
            let seconds = try readSigned()
            let nanoseconds = try readInt32()
            let zone = DateTime.Zone.identifier(try readString())
            return .dateTime(DateTime(secondsSinceEpoch: seconds, nanoseconds: nanoseconds, zone: zone))
        case .localDateTime:
            let seconds = try readSigned()
            return .localDateTime(LocalDateTime(secondsSinceEpoch: seconds, nanoseconds: try readInt32()))
        case .duration:
            let months = try readSigned()
            let days = try readSigned()
            let seconds = try readSigned()
            let nanoseconds = try readInt32()
            return .duration(CypherDuration(months: months, days: days, seconds: seconds, nanoseconds: nanoseconds))
        case .point2D, .point3D:
            let srid = try readInt32()
            let x = try readDouble()
            let y = try readDouble()
            let z = tag == .point3D ? try readDouble() : nil
            return .point(Point(srid: srid, x: x, y: y, z: z))
        default:
            throw ValueDecodingError(description: "tag \(tag) is not a temporal or point tag")
        }
    }

    /// Reads a map body (count, then entries) as written by ``ValueEncoder/writeMap(_:)``.
    mutating func readMap() throws -> [String: Value] {
        let count = try readCount()
        var entries: [String: Value] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let key = try readString()
            entries[key] = try readValue()
        }
        return entries
    }

    /// Reads a list of strings as written by ``ValueEncoder/writeStrings(_:)``.
    mutating func readStrings() throws -> [String] {
        let count = try readCount()
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count { strings.append(try readString()) }
        return strings
    }

    private mutating func readNode() throws -> Node {
        let id = try readSigned()
        let elementID = try readString()
        let labels = try readStrings()
        return Node(id: id, elementID: elementID, labels: labels, properties: try readMap())
    }

    private mutating func readRelationship() throws -> Relationship {
        let id = try readSigned()
        let elementID = try readString()
        let startID = try readSigned()
        let startElementID = try readString()
        let endID = try readSigned()
        let endElementID = try readString()
        let type = try readString()
        return Relationship(
            id: id,
            elementID: elementID,
            startNodeID: startID,
            startNodeElementID: startElementID,
            endNodeID: endID,
            endNodeElementID: endElementID,
            type: type,
            properties: try readMap()
        )
    }

    private mutating func readPath() throws -> Path {
        let nodeCount = try readCount()
        var nodes: [Node] = []
        for _ in 0..<nodeCount { nodes.append(try readNode()) }
        let relationshipCount = try readCount()
        // Path's initializer traps on a mismatch, so check before calling it.
        guard nodeCount == relationshipCount + 1 else {
            throw ValueDecodingError(description: "path with \(nodeCount) nodes and \(relationshipCount) relationships")
        }
        var relationships: [Relationship] = []
        for _ in 0..<relationshipCount { relationships.append(try readRelationship()) }
        return Path(nodes: nodes, relationships: relationships)
    }

    private mutating func nested<T>(_ body: (inout ValueDecoder) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw ValueDecodingError(description: "nesting too deep") }
        return try body(&self)
    }

    mutating func readByte() throws -> UInt8 {
        guard offset < bytes.count else { throw ValueDecodingError(description: "unexpected end of data") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUnsigned() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            // The tenth byte may carry only the top bit of a 64-bit number.
            guard shift < 63 || (shift == 63 && byte <= 1) else {
                throw ValueDecodingError(description: "varint longer than 64 bits")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func readSigned() throws -> Int64 {
        let zigzag = try readUnsigned()
        return Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
    }

    private mutating func readInt32() throws -> Int32 {
        let number = try readSigned()
        guard let narrow = Int32(exactly: number) else {
            throw ValueDecodingError(description: "\(number) does not fit in 32 bits")
        }
        return narrow
    }

    /// Reads a length or count, which can never exceed the bytes left.
    private mutating func readCount() throws -> Int {
        let count = try readUnsigned()
        guard count <= UInt64(bytes.count - offset) else {
            throw ValueDecodingError(description: "count \(count) exceeds the remaining \(bytes.count - offset) bytes")
        }
        return Int(count)
    }

    mutating func readDouble() throws -> Double {
        let raw = try readBytes(count: 8)
        var pattern: UInt64 = 0
        for (index, byte) in raw.enumerated() { pattern |= UInt64(byte) << (8 * UInt64(index)) }
        return Double(bitPattern: pattern)
    }

    mutating func readString() throws -> String {
        let raw = try readBytes(count: try readCount())
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw ValueDecodingError(description: "string is not valid UTF-8")
        }
        return text
    }

    private mutating func readBytes(count: Int) throws -> [UInt8] {
        guard count <= bytes.count - offset else { throw ValueDecodingError(description: "unexpected end of data") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }
}
