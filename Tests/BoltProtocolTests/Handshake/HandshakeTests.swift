import BoltProtocol
import Testing

@Suite struct HandshakeTests {
    /// The bytes both Python driver lines (5.28 and 6.x) send.
    static let pythonDriver = hexBytes("60 60 B0 17 00 00 01 FF 00 08 08 05 00 02 04 04 00 00 00 03")
    static let manifest = hexBytes("00 00 01 FF 02 00 08 08 05 00 00 04 04 00")
    static let hello = hexBytes("00 03 B1 01 A0 00 00")

    @Test func manifestOfferedToPythonDriver() {
        var handshake = BoltHandshake()
        let progress = handshake.feed(Self.pythonDriver)
        #expect(hexString(progress.reply) == hexString(Self.manifest))
        #expect(progress.outcome == .pending)
        let choice = handshake.feed(hexBytes("00 00 08 05 00"))
        #expect(choice.reply.isEmpty)
        #expect(choice.outcome == .agreed(BoltVersion(major: 5, minor: 8)))
        #expect(choice.leftover.isEmpty)
    }

    @Test func manifestChoiceWithPipelinedHello() {
        var handshake = BoltHandshake()
        _ = handshake.feed(Self.pythonDriver)
        let progress = handshake.feed(hexBytes("00 00 04 05 00") + Self.hello)
        #expect(progress.outcome == .agreed(.v5_4))
        #expect(progress.leftover == Self.hello)
    }

    @Test func wholeTranscriptInOneFeed() {
        var handshake = BoltHandshake()
        let progress = handshake.feed(Self.pythonDriver + hexBytes("00 00 07 05 00") + Self.hello)
        #expect(progress.reply == Self.manifest)
        #expect(progress.outcome == .agreed(.v5_7))
        #expect(progress.leftover == Self.hello)
    }

    @Test func byteByByteManifest() {
        var handshake = BoltHandshake()
        var replies: [UInt8] = []
        var outcomes: [BoltHandshake.Outcome] = []
        var leftover: [UInt8] = []
        for byte in Self.pythonDriver + hexBytes("00 00 08 05 00") + Self.hello {
            let progress = handshake.feed([byte])
            replies += progress.reply
            leftover += progress.leftover
            if progress.outcome != .pending { outcomes.append(progress.outcome) }
        }
        #expect(replies == Self.manifest)
        #expect(outcomes.first == .agreed(.v5_8))
        #expect(handshake.outcome == .agreed(.v5_8))
        #expect(leftover == Self.hello)
    }

    @Test func legacyAnswerWhenManifestDisabled() {
        var handshake = BoltHandshake(offersManifest: false)
        let progress = handshake.feed(Self.pythonDriver)
        #expect(hexString(progress.reply) == "00 00 08 05")
        #expect(progress.outcome == .agreed(.v5_8))
    }

    @Test func byteByByteLegacy() {
        var handshake = BoltHandshake(supportedVersions: [.v5_4, .v4_4])
        var replies: [UInt8] = []
        for byte in hexBytes("60 60 B0 17 00 08 08 05 00 02 04 04 00 00 00 03 00 00 00 00") {
            replies += handshake.feed([byte]).reply
        }
        #expect(hexString(replies) == "00 00 04 05")
        #expect(handshake.outcome == .agreed(.v5_4))
    }

    @Test func legacyPicksHighestCommonVersion() {
        var handshake = BoltHandshake(supportedVersions: [.v4_4, .v5_0, .v5_1])
        let progress = handshake.feed(hexBytes("60 60 B0 17 00 00 04 04 00 03 04 05 00 00 00 00 00 00 00 00"))
        #expect(hexString(progress.reply) == "00 00 01 05")
        #expect(progress.outcome == .agreed(.v5_1))
    }

    @Test func legacyRangeBelowZeroClamps() {
        var handshake = BoltHandshake(supportedVersions: [.v4_4])
        let progress = handshake.feed(hexBytes("60 60 B0 17 00 09 04 04 00 00 00 00 00 00 00 00 00 00 00 00"))
        #expect(progress.outcome == .agreed(.v4_4))
    }

    @Test func legacyNoCommonVersion() {
        var handshake = BoltHandshake()
        let progress = handshake.feed(hexBytes("60 60 B0 17 00 00 00 03 00 01 02 04 00 00 00 00 00 00 00 00"))
        #expect(hexString(progress.reply) == "00 00 00 00")
        guard case .failed(.noCommonVersion) = progress.outcome else {
            Issue.record("expected noCommonVersion, got \(progress.outcome)")
            return
        }
        #expect(progress.leftover.isEmpty)
    }

    @Test func legacyBolt44Client() {
        var handshake = BoltHandshake()
        let progress = handshake.feed(hexBytes("60 60 B0 17 00 02 04 04 00 00 00 03 00 00 00 00 00 00 00 00"))
        #expect(hexString(progress.reply) == "00 00 04 04")
        #expect(progress.outcome == .agreed(.v4_4))
    }

    @Test func manifestRejectsUnofferedChoice() {
        var handshake = BoltHandshake(supportedVersions: [.v5_4, .v4_4])
        #expect(handshake.feed(Self.pythonDriver).reply == hexBytes("00 00 01 FF 02 00 00 04 05 00 00 04 04 00"))
        let progress = handshake.feed(hexBytes("00 00 08 05 00"))
        #expect(progress.outcome == .failed(.invalidChoice(.v5_8)))
        #expect(progress.reply.isEmpty)
    }

    @Test func manifestClientFoundNoVersion() {
        var handshake = BoltHandshake()
        _ = handshake.feed(Self.pythonDriver)
        let progress = handshake.feed(hexBytes("00 00 00 00 00"))
        #expect(progress.outcome == .failed(.invalidChoice(BoltVersion(major: 0, minor: 0))))
    }

    @Test func manifestRejectsUnofferedCapabilities() {
        var handshake = BoltHandshake()
        _ = handshake.feed(Self.pythonDriver)
        #expect(handshake.feed(hexBytes("00 00 08 05 01")).outcome == .failed(.invalidCapabilities))
    }

    @Test func manifestMultiByteCapabilitiesVarint() {
        var handshake = BoltHandshake()
        _ = handshake.feed(Self.pythonDriver)
        // 80 80 00 is a non-minimal but valid varint for 0, consumed whole.
        let progress = handshake.feed(hexBytes("00 00 08 05 80 80 00") + Self.hello)
        #expect(progress.outcome == .agreed(.v5_8))
        #expect(progress.leftover == Self.hello)
    }

    @Test func manifestRejectsOverlongVarint() {
        var handshake = BoltHandshake()
        _ = handshake.feed(Self.pythonDriver)
        #expect(handshake.feed(hexBytes("00 00 08 05 80 80 80 80 80 00")).outcome == .failed(.invalidCapabilities))
    }

    @Test(arguments: ["GET / HTTP/1.1\r\n", "POST /db/neo4j/tx HTTP/1.1", "HTTP/1.1 200 OK"])
    func httpRequestFails(text: String) {
        var handshake = BoltHandshake()
        let progress = handshake.feed(Array(text.utf8))
        #expect(progress.outcome == .failed(.httpRequest))
        #expect(progress.reply.isEmpty)
    }

    @Test func badMagicFailsAfterFourBytes() {
        var handshake = BoltHandshake()
        #expect(handshake.feed([0x60, 0x60, 0xB0]).outcome == .pending)
        let progress = handshake.feed([0x18])
        #expect(progress.outcome == .failed(.invalidMagic([0x60, 0x60, 0xB0, 0x18])))
        #expect(progress.reply.isEmpty)
        // Later bytes do not revive a failed handshake.
        #expect(handshake.feed(Self.pythonDriver).outcome == .failed(.invalidMagic([0x60, 0x60, 0xB0, 0x18])))
    }

    @Test func bytesAfterAgreementPassThrough() {
        var handshake = BoltHandshake(offersManifest: false)
        _ = handshake.feed(Self.pythonDriver)
        let later = handshake.feed(Self.hello)
        #expect(later.outcome == .agreed(.v5_8))
        #expect(later.reply.isEmpty)
        #expect(later.leftover == Self.hello)
    }

    @Test func versionRangesGroupConsecutiveMinors() {
        let ranges = VersionRange.covering([.v4_4, BoltVersion(major: 5, minor: 2), .v5_0, .v5_1, .v5_4])
        #expect(ranges.map(\.description) == ["5.4", "5.2-5.0", "4.4"])
        #expect(ranges.map(\.bytes) == [[0, 0, 4, 5], [0, 2, 2, 5], [0, 0, 4, 4]])
    }
}
