import BoltProtocol
import Host
import Testing

@Suite struct ChunkingTests {
    @Test func resetExampleBytes() {
        var encoder = ChunkEncoder()
        encoder.append(message: [0xB0, 0x0F])
        #expect(hexString(encoder.takeBytes()) == "00 02 B0 0F 00 00")
        #expect(encoder.isEmpty)
    }

    @Test func encoderSplitsAtMaximumChunkSize() {
        var encoder = ChunkEncoder()
        let body = [UInt8](repeating: 0xAB, count: 65_535 * 2 + 10)
        encoder.append(message: body)
        let bytes = encoder.takeBytes()
        #expect(bytes.count == body.count + 3 * 2 + 2)
        #expect(Array(bytes[0..<2]) == [0xFF, 0xFF])
        #expect(Array(bytes[65_537..<65_539]) == [0xFF, 0xFF])
        #expect(Array(bytes[131_074..<131_076]) == [0x00, 0x0A])
        #expect(Array(bytes.suffix(2)) == [0x00, 0x00])
    }

    @Test func encoderExactChunkSizeHasNoEmptyChunk() {
        var encoder = ChunkEncoder(maximumChunkSize: 4)
        encoder.append(message: [1, 2, 3, 4])
        #expect(hexString(encoder.takeBytes()) == "00 04 01 02 03 04 00 00")
    }

    @Test func encoderBatchesSeveralMessages() throws {
        var encoder = ChunkEncoder(maximumChunkSize: 3)
        encoder.append(message: [1, 2, 3, 4, 5])
        encoder.appendNoop()
        encoder.append(message: [6])
        let bytes = encoder.takeBytes()
        #expect(hexString(bytes) == "00 03 01 02 03 00 02 04 05 00 00 00 00 00 01 06 00 00")
        var decoder = ChunkDecoder()
        decoder.feed(bytes)
        #expect(try decoder.nextMessage() == [1, 2, 3, 4, 5])
        #expect(try decoder.nextMessage() == [6])
        #expect(try decoder.nextMessage() == nil)
        #expect(!decoder.hasPendingBytes)
    }

    static let wire = hexBytes("00 00 00 03 B1 01 A0 00 00 00 00 00 00 00 01 B0 00 01 0F 00 00")

    @Test func decoderByteByByte() throws {
        var decoder = ChunkDecoder()
        var messages: [[UInt8]] = []
        for byte in Self.wire {
            decoder.feed([byte])
            while let message = try decoder.nextMessage() {
                messages.append(message)
            }
        }
        #expect(messages == [[0xB1, 0x01, 0xA0], [0xB0, 0x0F]])
        #expect(!decoder.hasPendingBytes)
    }

    @Test func decoderArbitrarySplits() throws {
        for split in 0...Self.wire.count {
            var decoder = ChunkDecoder()
            var messages: [[UInt8]] = []
            decoder.feed(Self.wire[..<split])
            while let message = try decoder.nextMessage() { messages.append(message) }
            decoder.feed(Self.wire[split...])
            while let message = try decoder.nextMessage() { messages.append(message) }
            #expect(messages == [[0xB1, 0x01, 0xA0], [0xB0, 0x0F]], "split at \(split)")
        }
    }

    @Test func decoderReportsPartialMessage() throws {
        var decoder = ChunkDecoder()
        decoder.feed([0x00, 0x02, 0xB0])
        #expect(try decoder.nextMessage() == nil)
        #expect(decoder.hasPendingBytes)
        decoder.feed([0x0F, 0x00])
        #expect(try decoder.nextMessage() == nil)
        #expect(decoder.hasPendingBytes)
        decoder.feed([0x00])
        #expect(try decoder.nextMessage() == [0xB0, 0x0F])
        #expect(!decoder.hasPendingBytes)
    }

    @Test func decoderRejectsOversizedMessage() throws {
        var decoder = ChunkDecoder(maximumMessageSize: 10)
        decoder.feed([0x00, 0x06, 1, 2, 3, 4, 5, 6, 0x00, 0x06])
        let error = try #require(throws: ServerError.self) { try decoder.nextMessage() }
        #expect(error.status == .invalidFormat)
        #expect(error.message.contains("maximum size of 10 bytes"))
        // The stream has lost its framing, so the decoder keeps failing.
        #expect(throws: ServerError.self) { try decoder.nextMessage() }
    }

    @Test func decoderAcceptsMessageAtMaximumSize() throws {
        var decoder = ChunkDecoder(maximumMessageSize: 6)
        decoder.feed([0x00, 0x04, 1, 2, 3, 4, 0x00, 0x02, 5, 6, 0x00, 0x00])
        #expect(try decoder.nextMessage() == [1, 2, 3, 4, 5, 6])
    }

    @Test func decoderRejectsHugeChunkHeaderBeforeData() throws {
        var decoder = ChunkDecoder(maximumMessageSize: 1000)
        decoder.feed([0xFF, 0xFF])
        #expect(throws: ServerError.self) { try decoder.nextMessage() }
    }

    @Test func configuredMaximumByteByByte() throws {
        // A message of exactly the maximum passes when it arrives one byte at a time, and one
        // byte more fails as soon as the chunk header that crosses the bound arrives.
        var decoder = ChunkDecoder(maximumMessageSize: 65_536)
        let atBound: [UInt8] = [0xFF, 0xFF] + [UInt8](repeating: 7, count: 65_535) + [0x00, 0x01, 8, 0x00, 0x00]
        for byte in atBound.dropLast() {
            decoder.feed([byte])
            #expect(try decoder.nextMessage() == nil)
        }
        decoder.feed([atBound.last!])
        #expect(try decoder.nextMessage()?.count == 65_536)

        var over = ChunkDecoder(maximumMessageSize: 65_536)
        over.feed([0xFF, 0xFF] + [UInt8](repeating: 7, count: 65_535) + [0x00])
        #expect(try over.nextMessage() == nil)
        over.feed([0x02])
        #expect(throws: ServerError.self) { try over.nextMessage() }
    }

    @Test func truncatedChunkWaitsWithoutFailing() throws {
        var decoder = ChunkDecoder(maximumMessageSize: 65_536)
        decoder.feed([0x00, 0x10, 1, 2, 3])
        #expect(try decoder.nextMessage() == nil)
        #expect(decoder.hasPendingBytes)
    }

    @Test func defaultMaximumIs16MiB() {
        #expect(ChunkDecoder().maximumMessageSize == 16 * 1024 * 1024)
    }

    @Test func largeMessageRoundTrip() throws {
        let body = (0..<200_000).map { UInt8($0 % 251) }
        var encoder = ChunkEncoder()
        encoder.append(message: body)
        var decoder = ChunkDecoder()
        let bytes = encoder.takeBytes()
        // Feed in uneven slices, as a socket would deliver them.
        var start = 0
        var received: [[UInt8]] = []
        while start < bytes.count {
            let end = min(bytes.count, start + 7_919)
            decoder.feed(bytes[start..<end])
            while let message = try decoder.nextMessage() { received.append(message) }
            start = end
        }
        #expect(received == [body])
    }
}
