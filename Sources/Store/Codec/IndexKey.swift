public import GraphValue

/// The bytes under which a property value is filed in a label-and-property index.
///
/// Two values get the same key exactly when Cypher's `=` returns true for them:
/// - integers and floats compare by mathematical value, so `1` and `1.0` share a key while
///   `2^53 + 1` and the float `2^53` do not, and `-0.0` files as `0`;
/// - `null`, `NaN`, and lists or maps containing either have no key, because `=` never returns
///   true for them, so they are neither indexed nor matched;
/// - strings compare by their UTF-8 bytes, with no Unicode normalization;
/// - lists and maps compare element by element, and map keys by UTF-8 bytes;
/// - temporal values match only when every field matches, offset or zone name included, and
///   points when the SRID and every coordinate match;
/// - nodes, relationships and paths are not property values and have no key.
///
/// Each part is a tag byte and a self-delimiting payload, so the key of a composite index
/// entry, the concatenation of its properties' keys, never collides with another list of
/// values.
public enum IndexKey {
    private enum Tag: UInt8 {
        case boolean = 0x01
        case integer = 0x02
        case float = 0x03
        case string = 0x04
        case bytes = 0x05
        case list = 0x06
        case map = 0x07
        case date = 0x08
        case time = 0x09
        case localTime = 0x0A
        case dateTimeOffset = 0x0B
        case dateTimeZoneID = 0x0C
        case localDateTime = 0x0D
        case duration = 0x0E
        case point2D = 0x0F
        case point3D = 0x10
    }

    /// The key of `value`, or nil if `value` can equal nothing.
    public static func make(_ value: Value) -> [UInt8]? {
        var encoder = ValueEncoder()
        return append(value, to: &encoder) ? encoder.bytes : nil
    }

    /// The key of a composite index entry: the keys of `values` in order, or nil if any is nil.
    public static func make(_ values: [Value]) -> [UInt8]? {
        var encoder = ValueEncoder()
        for value in values {
            guard append(value, to: &encoder) else { return nil }
        }
        return encoder.bytes
    }

    private static func append(_ value: Value, to encoder: inout ValueEncoder) -> Bool {
        switch value {
        case .null, .node, .relationship, .path:
            return false
        case .boolean(let flag):
            write(.boolean, to: &encoder)
            encoder.writeByte(flag ? 1 : 0)
        case .integer(let number):
            write(.integer, to: &encoder)
            encoder.writeSigned(number)
        case .float(let number):
            if number.isNaN { return false }
            if let integral = Int64(exactly: number) {
                write(.integer, to: &encoder)
                encoder.writeSigned(integral)
            } else {
                write(.float, to: &encoder)
                encoder.writeDouble(number)
            }
        case .string(let text):
            write(.string, to: &encoder)
            encoder.writeString(text)
        case .bytes(let data):
            write(.bytes, to: &encoder)
            encoder.writeUnsigned(UInt64(data.count))
            for byte in data { encoder.writeByte(byte) }
        case .list(let elements):
            write(.list, to: &encoder)
            encoder.writeUnsigned(UInt64(elements.count))
            for element in elements {
                guard append(element, to: &encoder) else { return false }
            }
        case .map(let entries):
            write(.map, to: &encoder)
            encoder.writeUnsigned(UInt64(entries.count))
            let sorted = entries.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            for (key, element) in sorted {
                encoder.writeString(key)
                guard append(element, to: &encoder) else { return false }
            }
        default:
            return appendTemporalOrPoint(value, to: &encoder)
        }
        return true
    }

    private static func appendTemporalOrPoint(_ value: Value, to encoder: inout ValueEncoder) -> Bool {
        switch value {
        case .date(let date):
            write(.date, to: &encoder)
            encoder.writeSigned(date.daysSinceEpoch)
        case .time(let time):
            write(.time, to: &encoder)
            encoder.writeSigned(time.nanosecondsSinceMidnight)
            encoder.writeSigned(Int64(time.offsetSeconds))
        case .localTime(let time):
            write(.localTime, to: &encoder)
            encoder.writeSigned(time.nanosecondsSinceMidnight)
        case .dateTime(let dateTime):
            switch dateTime.zone {
            case .offset(let seconds):
                write(.dateTimeOffset, to: &encoder)
                encoder.writeSigned(dateTime.secondsSinceEpoch)
                encoder.writeSigned(Int64(dateTime.nanoseconds))
                encoder.writeSigned(Int64(seconds))
            case .identifier(let zone):
                write(.dateTimeZoneID, to: &encoder)
                encoder.writeSigned(dateTime.secondsSinceEpoch)
                encoder.writeSigned(Int64(dateTime.nanoseconds))
                encoder.writeString(zone)
            }
        case .localDateTime(let dateTime):
            write(.localDateTime, to: &encoder)
            encoder.writeSigned(dateTime.secondsSinceEpoch)
            encoder.writeSigned(Int64(dateTime.nanoseconds))
        case .duration(let duration):
            write(.duration, to: &encoder)
            encoder.writeSigned(duration.months)
            encoder.writeSigned(duration.days)
            encoder.writeSigned(duration.seconds)
            encoder.writeSigned(Int64(duration.nanoseconds))
        case .point(let point):
            let coordinates = [point.x, point.y] + (point.z.map { [$0] } ?? [])
            if coordinates.contains(where: \.isNaN) { return false }
            write(point.z == nil ? .point2D : .point3D, to: &encoder)
            encoder.writeSigned(Int64(point.srid))
            // Adding 0.0 turns -0.0 into 0.0, which Cypher's = treats as the same number.
            for coordinate in coordinates { encoder.writeDouble(coordinate + 0.0) }
        default:
            return false
        }
        return true
    }

    private static func write(_ tag: Tag, to encoder: inout ValueEncoder) {
        encoder.writeByte(tag.rawValue)
    }
}
