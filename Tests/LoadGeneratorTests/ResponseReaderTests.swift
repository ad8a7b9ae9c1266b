import BoltProtocol
import GraphValue
import Testing

@testable import nornicdb_load

/// Chunks one message body with the given chunk size.
private func framed(_ body: [UInt8], chunkSize: Int = ChunkEncoder.maximumChunkSize) -> [UInt8] {
    var encoder = ChunkEncoder(maximumChunkSize: chunkSize)
    encoder.append(message: body)
    return encoder.takeBytes()
}

private func framed(_ response: BoltResponse) -> [UInt8] {
    framed(response.encode(format: .latest))
}

/// Feeds `bytes` one byte at a time and collects every message kind returned.
private func kindsFedByteByByte(_ bytes: [UInt8], reader: inout ResponseReader) throws -> [ResponseKind] {
    var kinds: [ResponseKind] = []
    for byte in bytes {
        reader.feed([byte])
        while let kind = try reader.nextMessage() {
            kinds.append(kind)
        }
    }
    return kinds
}

private func expectMalformed(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    var reader = ResponseReader()
    reader.feed(bytes)
    #expect(sourceLocation: sourceLocation) {
        _ = try reader.nextMessage()
    } throws: { error in
        guard case .malformedResponse = error as? BoltClientError else { return false }
        return true
    }
}

@Suite struct ResponseReaderTests {
    @Test func runAndPullResponsesByteByByte() throws {
        let stream =
            framed(.success(["fields": ["1"], "t_first": 0]))
            + framed(.record([.integer(1)]))
            + framed(.record([.string("two")]))
            + framed(.success(["type": "r"]))
        var reader = ResponseReader()
        let kinds = try kindsFedByteByByte(stream, reader: &reader)
        #expect(kinds == [.success, .record, .record, .success])
        #expect(!reader.hasPendingBytes)
    }

    @Test func messageSplitOverSmallChunks() throws {
        let body = BoltResponse.success(["server": "Neo4j/5.26.0", "connection_id": "bolt-1"]).encode(format: .latest)
        var reader = ResponseReader()
        reader.feed(framed(body, chunkSize: 3))
        #expect(try reader.nextMessage() == .success)
        #expect(try reader.decodeMetadata()["connection_id"] == .string("bolt-1"))
    }

    @Test func noopChunksBetweenMessagesSkipped() throws {
        var reader = ResponseReader()
        reader.feed([0x00, 0x00, 0x00, 0x00] + framed(.ignored) + [0x00, 0x00])
        #expect(try reader.nextMessage() == .ignored)
        #expect(try reader.nextMessage() == nil)
        #expect(!reader.hasPendingBytes)
    }

    @Test func failureMetadataDecodedByteByByte() throws {
        let stream = framed(.failure(["code": "Neo.ClientError.Statement.SyntaxError", "message": "bad"]))
        var reader = ResponseReader()
        var metadata: [[String: Value]] = []
        for byte in stream {
            reader.feed([byte])
            if let kind = try reader.nextMessage() {
                #expect(kind == .failure)
                metadata.append(try reader.decodeMetadata())
            }
        }
        #expect(metadata.count == 1)
        #expect(metadata.first?["code"] == .string("Neo.ClientError.Statement.SyntaxError"))
        #expect(metadata.first?["message"] == .string("bad"))
    }

    @Test func truncatedMessageWaitsForMoreBytes() throws {
        let stream = framed(.success(["fields": ["n"]]))
        for cut in 1..<stream.count {
            var reader = ResponseReader()
            reader.feed(stream[0..<cut])
            #expect(try reader.nextMessage() == nil, "cut at \(cut)")
            #expect(reader.hasPendingBytes, "cut at \(cut)")
        }
    }

    @Test func firstMessageReturnedBeforeSecondCompletes() throws {
        let second = framed(.record([1, 2]))
        var reader = ResponseReader()
        reader.feed(framed(.success([:])) + second.prefix(3))
        #expect(try reader.nextMessage() == .success)
        #expect(try reader.nextMessage() == nil)
        reader.feed(second.dropFirst(3))
        #expect(try reader.nextMessage() == .record)
    }

    @Test func bodyNotStructureRejected() {
        expectMalformed(framed([0xA0]))
        expectMalformed(framed([0x01, 0x02]))
    }

    @Test func unknownTagRejected() {
        expectMalformed(framed([0xB1, 0x10, 0xA0]))
    }

    @Test func structureMarkerWithoutTagRejected() {
        expectMalformed(framed([0xB1]))
    }

    @Test func wrongFieldCountRejected() {
        expectMalformed(framed([0xB2, 0x70, 0xA0, 0xA0]))
        expectMalformed(framed([0xB0, 0x70]))
        expectMalformed(framed([0xB1, 0x7E, 0xA0]))
        expectMalformed(framed([0xB0, 0x7E, 0xA0]))
    }

    @Test func wrongFieldTypeRejected() {
        expectMalformed(framed([0xB1, 0x70, 0x90]))
        expectMalformed(framed([0xB1, 0x71, 0xA0]))
        expectMalformed(framed([0xB1, 0x7F, 0x01]))
    }

    @Test func sizedCollectionMarkersAccepted() throws {
        var reader = ResponseReader()
        reader.feed(framed([0xB1, 0x71, 0xD4, 0x00]) + framed([0xB1, 0x70, 0xD9, 0x00, 0x00]))
        #expect(try reader.nextMessage() == .record)
        #expect(try reader.nextMessage() == .success)
    }

    @Test func oversizedMessageRejected() {
        var reader = ResponseReader(maximumMessageSize: 8)
        reader.feed(framed([UInt8](repeating: 0xA0, count: 9)))
        #expect(throws: BoltClientError.self) { _ = try reader.nextMessage() }
    }

    @Test func readerStaysFailedAfterError() {
        var reader = ResponseReader()
        reader.feed(framed([0xB1, 0x10, 0xA0]) + framed(.success([:])))
        #expect(throws: BoltClientError.self) { _ = try reader.nextMessage() }
        #expect(throws: BoltClientError.self) { _ = try reader.nextMessage() }
    }

    @Test func malformedMetadataRejected() throws {
        // A dictionary that declares one entry but contains none.
        var reader = ResponseReader()
        reader.feed(framed([0xB1, 0x7F, 0xA1]))
        #expect(try reader.nextMessage() == .failure)
        #expect {
            _ = try reader.decodeMetadata()
        } throws: { error in
            guard case .malformedResponse = error as? BoltClientError else { return false }
            return true
        }
    }

    @Test func metadataWithTrailingBytesRejected() throws {
        var reader = ResponseReader()
        reader.feed(framed([0xB1, 0x70, 0xA0, 0x01]))
        #expect(try reader.nextMessage() == .success)
        #expect(throws: BoltClientError.self) { _ = try reader.decodeMetadata() }
    }
}
