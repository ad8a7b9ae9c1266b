import BoltProtocol
import GraphValue
import Testing

@Suite struct PackStreamScalarTests {
    static let integers: [(Int64, String)] = [
        (0, "00"), (1, "01"), (42, "2A"), (127, "7F"), (-1, "FF"), (-5, "FB"), (-16, "F0"),
        (-17, "C8 EF"), (-100, "C8 9C"), (-128, "C8 80"), (128, "C9 00 80"), (-129, "C9 FF 7F"),
        (200, "C9 00 C8"), (32767, "C9 7F FF"), (-32768, "C9 80 00"), (32768, "CA 00 00 80 00"),
        (-32769, "CA FF FF 7F FF"), (2_147_483_647, "CA 7F FF FF FF"), (-2_147_483_648, "CA 80 00 00 00"),
        (2_147_483_648, "CB 00 00 00 00 80 00 00 00"), (-2_147_483_649, "CB FF FF FF FF 7F FF FF FF"),
        (Int64.max, "CB 7F FF FF FF FF FF FF FF"), (Int64.min, "CB 80 00 00 00 00 00 00 00"),
    ]

    @Test(arguments: integers)
    func integerSmallestEncoding(value: Int64, expected: String) throws {
        let bytes = PackStreamEncoder.encode(.integer(value))
        #expect(hexString(bytes) == expected)
        #expect(try PackStreamDecoder.decodeValue(from: bytes) == .integer(value))
    }

    static let alternativeIntegers: [(String, Int64)] = [
        ("C8 01", 1), ("C9 00 01", 1), ("CA 00 00 00 01", 1), ("CB 00 00 00 00 00 00 00 01", 1),
        ("C8 FF", -1), ("C9 FF FF", -1), ("CA FF FF FF FF", -1), ("CB FF FF FF FF FF FF FF FF", -1),
        ("CA 00 00 00 7F", 127), ("CB 00 00 00 00 00 00 7F FF", 32767),
    ]

    @Test(arguments: alternativeIntegers)
    func integerAlternativeEncodings(encoded: String, value: Int64) throws {
        #expect(try PackStreamDecoder.decodeValue(from: hexBytes(encoded)) == .integer(value))
    }

    @Test func nullAndBooleans() throws {
        #expect(PackStreamEncoder.encode(.null) == [0xC0])
        #expect(PackStreamEncoder.encode(false) == [0xC2])
        #expect(PackStreamEncoder.encode(true) == [0xC3])
        #expect(try PackStreamDecoder.decodeValue(from: [0xC0]) == .null)
        #expect(try PackStreamDecoder.decodeValue(from: [0xC2]) == false)
        #expect(try PackStreamDecoder.decodeValue(from: [0xC3]) == true)
    }

    static let floats: [Double] = [
        0, -0.0, 1.5, -1.5, .pi, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity, -.infinity,
    ]

    @Test(arguments: floats)
    func floatRoundTrip(value: Double) throws {
        let bytes = PackStreamEncoder.encode(.float(value))
        #expect(bytes.count == 9)
        #expect(bytes[0] == 0xC1)
        guard case .float(let decoded) = try PackStreamDecoder.decodeValue(from: bytes) else {
            Issue.record("not a float")
            return
        }
        #expect(decoded.bitPattern == value.bitPattern)
    }

    @Test func floatExactBytes() {
        #expect(hexString(PackStreamEncoder.encode(1.5)) == "C1 3F F8 00 00 00 00 00 00")
    }

    @Test func floatNaNRoundTrip() throws {
        guard case .float(let decoded) = try roundTrip(.float(.nan)) else {
            Issue.record("not a float")
            return
        }
        #expect(decoded.isNaN)
    }

    @Test func stringExamples() throws {
        #expect(hexString(PackStreamEncoder.encode("hi")) == "82 68 69")
        #expect(hexString(PackStreamEncoder.encode("")) == "80")
        // "é" is two UTF-8 bytes, and the length counts bytes.
        #expect(hexString(PackStreamEncoder.encode("é")) == "82 C3 A9")
        #expect(try roundTrip("Grüße, 世界 🌍") == "Grüße, 世界 🌍")
    }

    static let sizeBoundaries: [(Int, [UInt8])] = [
        (0, []), (15, []), (16, [0x00]), (255, [0x00]), (256, [0x00, 0x00]), (65_535, [0x00, 0x00]),
        (65_536, [0x00, 0x00, 0x00, 0x00]),
    ]

    /// Builds the expected header: a tiny marker below 16, else the 8-, 16- or 32-bit marker and length.
    static func header(count: Int, tiny: UInt8?, sized: [UInt8]) -> [UInt8] {
        if let tiny, count < 16 { return [tiny | UInt8(count)] }
        if count <= 255 { return [sized[0], UInt8(count)] }
        if count <= 65_535 { return [sized[1], UInt8(count >> 8), UInt8(count & 0xFF)] }
        return [
            sized[2], UInt8(count >> 24), UInt8((count >> 16) & 0xFF), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF),
        ]
    }

    @Test(arguments: [0, 1, 15, 16, 255, 256, 65_535, 65_536])
    func stringSizeBoundaries(count: Int) throws {
        let text = String(repeating: "a", count: count)
        let bytes = PackStreamEncoder.encode(.string(text))
        let header = Self.header(count: count, tiny: 0x80, sized: [0xD0, 0xD1, 0xD2])
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(bytes.count == header.count + count)
        #expect(try PackStreamDecoder.decodeValue(from: bytes) == .string(text))
    }

    @Test(arguments: [0, 1, 15, 16, 255, 256, 65_535, 65_536])
    func bytesSizeBoundaries(count: Int) throws {
        let data = [UInt8](repeating: 7, count: count)
        let bytes = PackStreamEncoder.encode(.bytes(data))
        let header = Self.header(count: count, tiny: nil, sized: [0xCC, 0xCD, 0xCE])
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(try PackStreamDecoder.decodeValue(from: bytes) == .bytes(data))
    }

    @Test(arguments: [0, 1, 15, 16, 255, 256, 65_535, 65_536])
    func listSizeBoundaries(count: Int) throws {
        let list = Value.list((0..<count).map { .integer(Int64($0 % 100)) })
        let bytes = PackStreamEncoder.encode(list)
        let header = Self.header(count: count, tiny: 0x90, sized: [0xD4, 0xD5, 0xD6])
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(try PackStreamDecoder.decodeValue(from: bytes) == list)
    }

    @Test(arguments: [0, 1, 15, 16, 255, 256, 65_535, 65_536])
    func mapSizeBoundaries(count: Int) throws {
        var entries: [String: Value] = [:]
        for index in 0..<count {
            entries["k\(index)"] = .integer(Int64(index % 100))
        }
        let bytes = PackStreamEncoder.encode(.map(entries))
        let header = Self.header(count: count, tiny: 0xA0, sized: [0xD8, 0xD9, 0xDA])
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(try PackStreamDecoder.decodeValue(from: bytes) == .map(entries))
    }

    static let alternativeContainers: [(String, Value)] = [
        ("D0 02 68 69", "hi"), ("D1 00 02 68 69", "hi"), ("D2 00 00 00 02 68 69", "hi"),
        ("D4 02 01 02", [1, 2]), ("D5 00 02 01 02", [1, 2]), ("D6 00 00 00 02 01 02", [1, 2]),
        ("D8 01 81 61 01", ["a": 1]), ("D9 00 01 81 61 01", ["a": 1]), ("DA 00 00 00 01 81 61 01", ["a": 1]),
        ("CD 00 01 05", .bytes([5])), ("CE 00 00 00 01 05", .bytes([5])), ("CC 00", .bytes([])),
        ("D0 00", ""), ("D4 00", []), ("D8 00", [:]),
    ]

    @Test(arguments: alternativeContainers)
    func containerAlternativeEncodings(encoded: String, value: Value) throws {
        #expect(try PackStreamDecoder.decodeValue(from: hexBytes(encoded)) == value)
    }

    @Test func listAndMapExamples() throws {
        #expect(hexString(PackStreamEncoder.encode([1, 2])) == "92 01 02")
        #expect(hexString(PackStreamEncoder.encode(["a": 1])) == "A1 81 61 01")
        let nested: Value = ["list": [1, "two", 3.0, nil, true], "map": ["inner": [:]], "bytes": .bytes([1, 2])]
        #expect(try roundTrip(nested) == nested)
    }

    @Test func mapRepeatedKeyLastWins() throws {
        #expect(try PackStreamDecoder.decodeValue(from: hexBytes("A2 81 61 01 81 61 02")) == ["a": 2])
    }
}
