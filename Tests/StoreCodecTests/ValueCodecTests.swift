import GraphValue
import Testing

@testable import StoreCodec

@Suite struct ValueCodecTests {
    static let node = Node(id: 7, elementID: "4:abc:7", labels: ["Person", "Admin"], properties: ["name": "Ada"])
    static let relationship = Relationship(
        id: 9,
        elementID: "5:abc:9",
        startNodeID: 7,
        startNodeElementID: "4:abc:7",
        endNodeID: 8,
        endNodeElementID: "4:abc:8",
        type: "KNOWS",
        properties: ["since": 1999]
    )

    static let values: [Value] = [
        .null, true, false,
        0, 1, -1, 63, -64, 64, 127, 128, 300, -300,
        .integer(Int64.max), .integer(Int64.min), .integer(Int64(Int32.max) + 1),
        0.0, 1.0, -2.5, .float(Double.greatestFiniteMagnitude), .float(Double.leastNonzeroMagnitude),
        .float(Double.infinity), .float(-Double.infinity),
        "", "a", "héllo 🌍", "nul\u{0}inside", .string(String(repeating: "x", count: 1000)),
        .bytes([]), .bytes([0, 255, 128]),
        [], [1, 1.0, "1", nil, [true, [false]]],
        [:], ["a": 1, "b": ["c": [1, 2]], "": nil],
        .date(CalendarDate(daysSinceEpoch: -719_162)),
        .time(Time(nanosecondsSinceMidnight: 0, offsetSeconds: -64_800)),
        .localTime(LocalTime(nanosecondsSinceMidnight: 86_399_999_999_999)),
        .dateTime(DateTime(secondsSinceEpoch: Int64.min, nanoseconds: 0, zone: .offset(seconds: 64_800))),
        .dateTime(
            DateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 999_999_999, zone: .identifier("Asia/Tokyo"))
        ),
        .localDateTime(LocalDateTime(secondsSinceEpoch: -62_135_596_800, nanoseconds: 1)),
        .duration(CypherDuration(months: -1, days: Int64.max, seconds: Int64.min, nanoseconds: Int32.min)),
        .point(Point(srid: 7203, x: -0.5, y: 1e300)),
        .point(Point(srid: 4979, x: 1, y: 2, z: -3)),
        .node(node),
        .relationship(relationship),
        .path(Path(nodes: [node, node], relationships: [relationship])),
    ]

    @Test(arguments: values)
    func roundTrip(_ value: Value) throws {
        let decoded = try RecordCodec.decodeValue(RecordCodec.encode(value: value))
        #expect(decoded == value)
        #expect(decoded.typeName == value.typeName)
    }

    @Test func integerStaysInteger() throws {
        #expect(try RecordCodec.decodeValue(RecordCodec.encode(value: 1)) == .integer(1))
        #expect(try RecordCodec.decodeValue(RecordCodec.encode(value: 1.0)) == .float(1.0))
    }

    @Test(arguments: [Double.nan, -Double.nan, Double(bitPattern: 0x7FF0_0000_0000_0001), -0.0])
    func floatBitPatternKept(_ number: Double) throws {
        let decoded = try RecordCodec.decodeValue(RecordCodec.encode(value: .float(number)))
        guard case .float(let result) = decoded else {
            Issue.record("decoded \(decoded.typeName), expected Float")
            return
        }
        #expect(result.bitPattern == number.bitPattern)
    }

    @Test func propertiesRoundTrip() throws {
        let decoded = try RecordCodec.decodeProperties(RecordCodec.encode(properties: sampleValues))
        #expect(decoded == sampleValues)
    }

    @Test func stringListRoundTrip() throws {
        let labels = ["B", "A", "", "ünïcode"]
        #expect(try RecordCodec.decodeStrings(RecordCodec.encode(strings: labels)) == labels)
    }

    @Test func mapEncodingIsDeterministic() {
        var forward: [String: Value] = [:]
        var backward: [String: Value] = [:]
        let keys = (0..<50).map { "key\($0)" }
        for key in keys { forward[key] = .string(key) }
        for key in keys.reversed() { backward[key] = .string(key) }
        #expect(RecordCodec.encode(properties: forward) == RecordCodec.encode(properties: backward))
    }

    @Test func smallIntegersTakeOneByte() {
        // Version byte, tag, one varint byte.
        #expect(RecordCodec.encode(value: 5).count == 3)
        #expect(RecordCodec.encode(value: -5).count == 3)
    }

    @Test func truncatedInputThrows() {
        let encoded = RecordCodec.encode(properties: sampleValues)
        for length in 0..<encoded.count {
            #expect(throws: ValueDecodingError.self) { try RecordCodec.decodeProperties(Array(encoded.prefix(length))) }
        }
    }

    @Test func trailingBytesThrow() {
        let encoded = RecordCodec.encode(value: 1) + [0]
        #expect(throws: ValueDecodingError.self) { try RecordCodec.decodeValue(encoded) }
    }

    @Test func unknownVersionThrows() {
        var encoded = RecordCodec.encode(value: 1)
        encoded[0] = 99
        #expect(throws: ValueDecodingError.self) { try RecordCodec.decodeValue(encoded) }
    }

    @Test func unknownTagThrows() {
        #expect(throws: ValueDecodingError.self) { try RecordCodec.decodeValue([RecordCodec.formatVersion, 0xEE]) }
    }

    @Test func invalidUTF8Throws() {
        let bytes: [UInt8] = [RecordCodec.formatVersion, ValueTag.string.rawValue, 2, 0xC3, 0x28]
        #expect(throws: ValueDecodingError.self) { try RecordCodec.decodeValue(bytes) }
    }

    @Test func overlongVarintThrows() {
        let bytes: [UInt8] =
            [RecordCodec.formatVersion, ValueTag.integer.rawValue] + Array(repeating: 0xFF, count: 10) + [1]
        #expect(throws: ValueDecodingError.self) { try RecordCodec.decodeValue(bytes) }
    }

    @Test func hugeCountThrows() {
        // A list that claims 2^62 elements must fail fast instead of reserving memory.
        var encoder = ValueEncoder()
        encoder.writeByte(RecordCodec.formatVersion)
        encoder.writeTag(.list)
        encoder.writeUnsigned(1 << 62)
        #expect(throws: ValueDecodingError.self) { try RecordCodec.decodeValue(encoder.bytes) }
    }

    @Test func deepNestingThrows() {
        let depth = ValueDecoder.maximumDepth + 1
        let bytes: [UInt8] =
            [RecordCodec.formatVersion] + Array(repeating: [ValueTag.list.rawValue, 1], count: depth).flatMap { $0 }
            + [ValueTag.null.rawValue]
        #expect(throws: ValueDecodingError.self) { try RecordCodec.decodeValue(bytes) }
    }

    @Test func nestingAtLimitDecodes() throws {
        var value = Value.null
        for _ in 0..<ValueDecoder.maximumDepth { value = .list([value]) }
        #expect(try RecordCodec.decodeValue(RecordCodec.encode(value: value)) == value)
    }

    @Test func mismatchedPathThrows() {
        var encoder = ValueEncoder()
        encoder.writeByte(RecordCodec.formatVersion)
        encoder.writeTag(.path)
        encoder.writeUnsigned(0)
        encoder.writeUnsigned(0)
        #expect(throws: ValueDecodingError.self) { try RecordCodec.decodeValue(encoder.bytes) }
    }

    @Test func outOfRangeOffsetThrows() {
        var encoder = ValueEncoder()
        encoder.writeByte(RecordCodec.formatVersion)
        encoder.writeTag(.time)
        encoder.writeSigned(0)
        encoder.writeSigned(Int64(Int32.max) + 1)
        #expect(throws: ValueDecodingError.self) { try RecordCodec.decodeValue(encoder.bytes) }
    }
}
