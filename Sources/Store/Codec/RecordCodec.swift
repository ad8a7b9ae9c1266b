public import GraphValue

/// Encodes the property maps and label lists stored in the `properties` and `labels` columns.
///
/// A record is one format-version byte followed by a ``ValueEncoder`` map or string-list body.
/// The version lets a later release change the encoding and still read old rows.
public enum RecordCodec {
    /// The format version written today.
    public static let formatVersion: UInt8 = 1

    public static func encode(properties: [String: Value]) -> [UInt8] {
        var encoder = ValueEncoder()
        encoder.writeByte(formatVersion)
        encoder.writeMap(properties)
        return encoder.bytes
    }

    public static func decodeProperties(_ bytes: [UInt8]) throws -> [String: Value] {
        var decoder = try decoderAfterVersion(bytes)
        let properties = try decoder.readMap()
        try requireEnd(decoder)
        return properties
    }

    public static func encode(strings: [String]) -> [UInt8] {
        var encoder = ValueEncoder()
        encoder.writeByte(formatVersion)
        encoder.writeStrings(strings)
        return encoder.bytes
    }

    public static func decodeStrings(_ bytes: [UInt8]) throws -> [String] {
        var decoder = try decoderAfterVersion(bytes)
        let strings = try decoder.readStrings()
        try requireEnd(decoder)
        return strings
    }

    /// Encodes one value with the format-version byte, for callers that store single values.
    public static func encode(value: Value) -> [UInt8] {
        var encoder = ValueEncoder()
        encoder.writeByte(formatVersion)
        encoder.write(value)
        return encoder.bytes
    }

    public static func decodeValue(_ bytes: [UInt8]) throws -> Value {
        var decoder = try decoderAfterVersion(bytes)
        let value = try decoder.readValue()
        try requireEnd(decoder)
        return value
    }

    private static func decoderAfterVersion(_ bytes: [UInt8]) throws -> ValueDecoder {
        var decoder = ValueDecoder(bytes)
        let version = try decoder.readByte()
        guard version == formatVersion else {
            throw ValueDecodingError(description: "record format version \(version) is not supported")
        }
        return decoder
    }

    private static func requireEnd(_ decoder: ValueDecoder) throws {
        guard decoder.isAtEnd else { throw ValueDecodingError(description: "trailing bytes after the record") }
    }
}
