import BoltProtocol
import GraphValue
import Testing

@Suite struct PackStreamMalformedTests {
    static let sample: Value = [
        "int": 1_000_000, "float": 2.5, "text": "héllo wörld, a longer string", "bytes": .bytes([1, 2, 3]),
        "list": [1, -200, 70_000, nil, true, false], "map": ["nested": ["deep": [1, 2, 3]]],
        "date": .date(CalendarDate(daysSinceEpoch: 19_000)),
        "dateTime": .dateTime(DateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 1, zone: .identifier("UTC"))),
        "point": .point(Point(srid: 4326, x: 1, y: 2)),
        "duration": .duration(CypherDuration(months: 1, days: 2, seconds: 3, nanoseconds: 4)),
    ]

    @Test func truncationAtEveryOffsetFails() {
        let bytes = PackStreamEncoder.encode(Self.sample)
        for length in 0..<bytes.count {
            let code = decodeErrorCode(Array(bytes.prefix(length)))
            #expect(code == .truncated, "prefix of \(length) bytes")
        }
        #expect(decodeErrorCode(bytes) == nil)
    }

    static let unknownMarkers: [UInt8] = [0xC4, 0xC5, 0xC6, 0xC7, 0xCF, 0xD3, 0xD7, 0xDB] + Array(0xDC...0xEF)

    @Test(arguments: unknownMarkers)
    func unknownMarkerRejected(marker: UInt8) {
        #expect(decodeErrorCode([marker]) == .unknownMarker)
        #expect(decodeErrorCode([0x91, marker]) == .unknownMarker)
    }

    @Test func nonStringKeyRejected() {
        #expect(decodeErrorCode(hexBytes("A1 01 01")) == .invalidKey)
        #expect(decodeErrorCode(hexBytes("A1 C0 01")) == .invalidKey)
        #expect(decodeErrorCode(hexBytes("A1 91 81 61 01")) == .invalidKey)
    }

    @Test(arguments: ["81 FF", "82 C3 28", "82 C0 80", "83 ED A0 80", "84 F4 90 80 80", "81 80"])
    func invalidUTF8Rejected(encoded: String) {
        #expect(decodeErrorCode(hexBytes(encoded)) == .invalidUTF8)
    }

    @Test func invalidUTF8KeyRejected() {
        #expect(decodeErrorCode(hexBytes("A1 81 FF 01")) == .invalidUTF8)
    }

    @Test func listDepthBombFailsOnLimit() {
        let bytes = [UInt8](repeating: 0x91, count: 10_000) + [0x01]
        #expect(decodeErrorCode(bytes) == .depthLimitExceeded)
    }

    @Test func mapDepthBombFailsOnLimit() {
        var bytes: [UInt8] = []
        for _ in 0..<10_000 {
            bytes += [0xA1, 0x81, 0x61]
        }
        bytes.append(0x01)
        #expect(decodeErrorCode(bytes) == .depthLimitExceeded)
    }

    @Test func structureDepthBombFailsOnLimit() {
        // A Point2D whose srid field is a list containing a Point2D, and so on.
        var bytes: [UInt8] = []
        for _ in 0..<10_000 {
            bytes += [0xB3, 0x58, 0x91]
        }
        bytes.append(0x01)
        #expect(decodeErrorCode(bytes) == .depthLimitExceeded)
    }

    @Test func depthAtLimitAccepted() {
        let limit = PackStreamLimits().maximumDepth
        let accepted = [UInt8](repeating: 0x91, count: limit) + [0x01]
        #expect(decodeErrorCode(accepted) == nil)
        let rejected = [UInt8](repeating: 0x91, count: limit + 1) + [0x01]
        #expect(decodeErrorCode(rejected) == .depthLimitExceeded)
    }

    static let hugeDeclarations: [(String, PackStreamError.Code)] = [
        ("D2 FF FF FF FF 61", .sizeLimitExceeded),
        ("CE FF FF FF FF 61", .sizeLimitExceeded),
        ("D6 FF FF FF FF 01", .sizeLimitExceeded),
        ("DA FF FF FF FF 81 61 01", .sizeLimitExceeded),
        ("D1 FF FF 61", .truncated),
        ("CD FF FF 61", .truncated),
        ("D5 FF FF 01", .truncated),
        ("D9 FF FF 81 61 01", .truncated),
        ("D6 00 0F FF FF 01", .truncated),
    ]

    @Test(arguments: hugeDeclarations)
    func hugeDeclaredLengthFailsFast(encoded: String, code: PackStreamError.Code) {
        #expect(decodeErrorCode(hexBytes(encoded)) == code)
    }

    @Test func customLimitsEnforced() {
        let limits = PackStreamLimits(maximumDepth: 2, maximumStringLength: 4, maximumCollectionCount: 3)
        func code(_ value: Value) -> PackStreamError.Code? {
            do {
                _ = try PackStreamDecoder.decodeValue(from: PackStreamEncoder.encode(value), limits: limits)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code("four") == nil)
        #expect(code("fives") == .sizeLimitExceeded)
        #expect(code(.bytes([1, 2, 3, 4, 5])) == .sizeLimitExceeded)
        #expect(code([1, 2, 3]) == nil)
        #expect(code([1, 2, 3, 4]) == .sizeLimitExceeded)
        #expect(code(["a": 1, "b": 2, "c": 3, "d": 4]) == .sizeLimitExceeded)
        #expect(code([[1]]) == nil)
        #expect(code([[[1]]]) == .depthLimitExceeded)
    }

    @Test func trailingBytesRejected() {
        #expect(decodeErrorCode([0x01, 0x02]) == .trailingBytes)
        #expect(decodeErrorCode(hexBytes("91 01 C0")) == .trailingBytes)
    }

    @Test func emptyInputTruncated() {
        #expect(decodeErrorCode([]) == .truncated)
    }

    @Test func errorConvertsToInvalidFormat() throws {
        let error = try #require(throws: PackStreamError.self) {
            try PackStreamDecoder.decodeValue(from: [0x91, 0xC4])
        }
        #expect(error.offset == 1)
        #expect(error.serverError.status == .invalidFormat)
        #expect(error.serverError.message.contains("byte 1"))
    }
}
