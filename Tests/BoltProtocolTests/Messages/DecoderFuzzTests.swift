import BoltProtocol
import GraphValue
import Host
import Testing

/// A small deterministic generator (SplitMix64), so a failing input can be reproduced.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutated and random inputs must produce a value or an error, never a trap or a hang.
@Suite struct DecoderFuzzTests {
    static let seeds: [BoltRequest] = [
        .hello(extra: ["user_agent": "neo4j-python/5.28.8", "patch_bolt": ["utc"]]),
        .run(
            query: "RETURN $p",
            parameters: [
                "p": [1, 2.5, "x", .bytes([1]), ["k": nil]],
                "d": .dateTime(DateTime(secondsSinceEpoch: 1, nanoseconds: 2, zone: .identifier("Europe/Paris"))),
                "t": .time(Time(nanosecondsSinceMidnight: 5, offsetSeconds: 60)),
            ],
            extra: TransactionExtra(database: "neo4j", bookmarks: ["b"], timeoutMilliseconds: 10)
        ),
        .pull(StreamRequest(count: 1000, queryID: 2)),
        .route(RouteRequest(context: ["address": "h:7687"], bookmarks: ["b"], database: "db")),
    ]

    @Test(arguments: [BoltWireFormat(version: .v4_4), BoltWireFormat(version: .v5_8)])
    func mutatedRequestsNeverTrap(format: BoltWireFormat) {
        var random = SplitMix64(state: 42)
        var decoded = 0
        for seed in Self.seeds {
            let original = seed.encode(format: format)
            for _ in 0..<3000 {
                var body = original
                for _ in 0...Int.random(in: 0...3, using: &random) {
                    body[Int.random(in: 0..<body.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
                if (try? BoltRequest(decoding: body, format: format)) != nil { decoded += 1 }
            }
        }
        // Some mutations hit string contents and still decode; most must fail.
        #expect(decoded > 0)
    }

    @Test func randomBytesNeverTrap() {
        var random = SplitMix64(state: 7)
        for _ in 0..<5000 {
            let count = Int.random(in: 0...64, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = try? PackStreamDecoder.decodeValue(from: bytes, acceptsGraphStructures: true)
            _ = try? BoltResponse(decoding: bytes)
            _ = try? BoltRequest(decoding: bytes, format: BoltWireFormat(version: .v4_4))
        }
    }

    @Test func randomHandshakesNeverTrap() {
        var random = SplitMix64(state: 99)
        for _ in 0..<2000 {
            var handshake = BoltHandshake()
            var bytes = BoltHandshake.magic + (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
            if Bool.random(using: &random) {
                bytes.replaceSubrange(8..<12, with: [0x00, 0x00, 0x01, 0xFF])
            }
            bytes += (0..<8).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = handshake.feed(bytes)
        }
    }
}
