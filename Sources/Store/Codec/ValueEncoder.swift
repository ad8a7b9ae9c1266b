import GraphValue

/// The type tags of the stored value encoding. The numbers are part of the file format:
/// never renumber one, only add new ones.
enum ValueTag: UInt8 {
    case null = 0x00
    case falseValue = 0x01
    case trueValue = 0x02
    case integer = 0x03
    case float = 0x04
    case string = 0x05
    case bytes = 0x06
    case list = 0x07
    case map = 0x08
    case node = 0x09
    case relationship = 0x0A
    case path = 0x0B
    case date = 0x0C
    case time = 0x0D
    case localTime = 0x0E
    case dateTimeOffset = 0x0F
    case dateTimeZoneID = 0x10
    case localDateTime = 0x11
    case duration = 0x12
    case point2D = 0x13
    case point3D = 0x14
}

/// Writes ``Value``s in the stored binary encoding, which round-trips every value exactly.
///
/// Each value is a ``ValueTag`` byte and a payload. Signed integers are zigzag LEB128 varints,
/// so small numbers take one byte; lengths and counts are unsigned LEB128; floats are their
/// 8-byte IEEE 754 bit pattern, little-endian, which keeps NaN payloads, infinities and
/// negative zero. Map entries are written in byte order of their UTF-8 keys, so equal maps
/// encode to equal bytes.
struct ValueEncoder {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ value: Value) {
        switch value {
        case .null: writeTag(.null)
        case .boolean(let flag): writeTag(flag ? .trueValue : .falseValue)
        case .integer(let number):
            writeTag(.integer)
            writeSigned(number)
        case .float(let number):
            writeTag(.float)
            writeDouble(number)
        case .string(let text):
            writeTag(.string)
            writeString(text)
        case .bytes(let data):
            writeTag(.bytes)
            writeUnsigned(UInt64(data.count))
            bytes.append(contentsOf: data)
        case .list(let elements):
            writeTag(.list)
            writeUnsigned(UInt64(elements.count))
            for element in elements { write(element) }
        case .map(let entries):
            writeTag(.map)
            writeMap(entries)
        case .node(let node):
            writeTag(.node)
            writeNode(node)
        case .relationship(let relationship):
            writeTag(.relationship)
            writeRelationship(relationship)
        case .path(let path):
            writeTag(.path)
            writeUnsigned(UInt64(path.nodes.count))
            for node in path.nodes { writeNode(node) }
            writeUnsigned(UInt64(path.relationships.count))
            for relationship in path.relationships { writeRelationship(relationship) }
        default:
            writeTemporalOrPoint(value)
        }
    }

    private mutating func writeTemporalOrPoint(_ value: Value) {
        switch value {
        case .date(let date):
            writeTag(.date)
            writeSigned(date.daysSinceEpoch)
        case .time(let time):
            writeTag(.time)
            writeSigned(time.nanosecondsSinceMidnight)
            writeSigned(Int64(time.offsetSeconds))
        case .localTime(let time):
            writeTag(.localTime)
            writeSigned(time.nanosecondsSinceMidnight)
        case .dateTime(let dateTime):
            switch dateTime.zone {
            case .offset(let seconds):
                writeTag(.dateTimeOffset)
                writeSigned(dateTime.secondsSinceEpoch)
                writeSigned(Int64(dateTime.nanoseconds))
                writeSigned(Int64(seconds))
            case .identifier(let zone):
                writeTag(.dateTimeZoneID)
                writeSigned(dateTime.secondsSinceEpoch)
                writeSigned(Int64(dateTime.nanoseconds))
                writeString(zone)
            }
        case .localDateTime(let dateTime):
            writeTag(.localDateTime)
            writeSigned(dateTime.secondsSinceEpoch)
            writeSigned(Int64(dateTime.nanoseconds))
        case .duration(let duration):
            writeTag(.duration)
            writeSigned(duration.months)
            writeSigned(duration.days)
            writeSigned(duration.seconds)
            writeSigned(Int64(duration.nanoseconds))
        case .point(let point):
            writeTag(point.z == nil ? .point2D : .point3D)
            writeSigned(Int64(point.srid))
            writeDouble(point.x)
            writeDouble(point.y)
            if let z = point.z { writeDouble(z) }
        default:
            preconditionFailure("ValueEncoder.write handles \(value.typeName) before this point")
        }
    }

    /// Writes a map body (count, then sorted entries) without a tag.
    mutating func writeMap(_ entries: [String: Value]) {
        writeUnsigned(UInt64(entries.count))
        let sorted = entries.map { (key: Array($0.key.utf8), value: $0.value) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        for entry in sorted {
            writeUnsigned(UInt64(entry.key.count))
            bytes.append(contentsOf: entry.key)
            write(entry.value)
        }
    }

    /// Writes a list of strings (count, then each string) without a tag.
    mutating func writeStrings(_ strings: [String]) {
        writeUnsigned(UInt64(strings.count))
        for string in strings { writeString(string) }
    }

    private mutating func writeNode(_ node: Node) {
        writeSigned(node.id)
        writeString(node.elementID)
        writeStrings(node.labels)
        writeMap(node.properties)
    }

    private mutating func writeRelationship(_ relationship: Relationship) {
        writeSigned(relationship.id)
        writeString(relationship.elementID)
        writeSigned(relationship.startNodeID)
        writeString(relationship.startNodeElementID)
        writeSigned(relationship.endNodeID)
        writeString(relationship.endNodeElementID)
        writeString(relationship.type)
        writeMap(relationship.properties)
    }

    mutating func writeTag(_ tag: ValueTag) { bytes.append(tag.rawValue) }

    mutating func writeByte(_ byte: UInt8) { bytes.append(byte) }

    mutating func writeString(_ text: String) {
        let utf8 = Array(text.utf8)
        writeUnsigned(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func writeUnsigned(_ number: UInt64) {
        var rest = number
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func writeSigned(_ number: Int64) {
        // Zigzag maps 0, -1, 1, -2, … to 0, 1, 2, 3, … so small magnitudes stay short.
        writeUnsigned(UInt64(bitPattern: (number << 1) ^ (number >> 63)))
    }

    mutating func writeDouble(_ number: Double) {
        var pattern = number.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: pattern))
            pattern >>= 8
        }
    }
}
