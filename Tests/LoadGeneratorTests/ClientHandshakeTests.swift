import BoltProtocol
import Testing

@testable import nornicdb_load

@Suite struct ClientHandshakeTests {
    @Test func standardProposalBytes() {
        let proposal = ClientHandshake.standard.proposal
        #expect(proposal.count == 20)
        #expect(Array(proposal[0..<4]) == [0x60, 0x60, 0xB0, 0x17])
        #expect(Array(proposal[4..<8]) == [0x00, 0x08, 0x08, 0x05])
        #expect(Array(proposal[8..<12]) == [0x00, 0x00, 0x00, 0x05])
        #expect(Array(proposal[12..<16]) == [0x00, 0x00, 0x04, 0x04])
        #expect(Array(proposal[16..<20]) == [0x00, 0x00, 0x00, 0x00])
    }

    @Test func serverAcceptsStandardProposal() throws {
        var server = BoltHandshake(offersManifest: false)
        let progress = server.feed(ClientHandshake.standard.proposal)
        #expect(progress.outcome == .agreed(.v5_8))
        #expect(try ClientHandshake.standard.agreedVersion(reply: progress.reply) == .v5_8)
    }

    @Test func agreedVersionsInRange() throws {
        for minor in UInt8(0)...8 {
            #expect(
                try ClientHandshake.standard.agreedVersion(reply: [0, 0, minor, 5])
                    == BoltVersion(major: 5, minor: minor)
            )
        }
        #expect(try ClientHandshake.standard.agreedVersion(reply: [0, 0, 4, 4]) == .v4_4)
    }

    @Test func zeroReplyRejected() {
        #expect(throws: BoltClientError.self) { _ = try ClientHandshake.standard.agreedVersion(reply: [0, 0, 0, 0]) }
    }

    @Test func versionNotProposedRejected() {
        for reply: [UInt8] in [[0, 0, 9, 5], [0, 0, 3, 4], [0, 0, 1, 0xFF], [0x48, 0x54, 0x54, 0x50]] {
            #expect(throws: BoltClientError.self, "reply \(reply)") {
                _ = try ClientHandshake.standard.agreedVersion(reply: reply)
            }
        }
    }

    @Test func singleVersionProposal() throws {
        let handshake = ClientHandshake.only(.v4_4)
        #expect(Array(handshake.proposal[4..<8]) == [0x00, 0x00, 0x04, 0x04])
        #expect(Array(handshake.proposal[8..<20]) == [UInt8](repeating: 0, count: 12))
        #expect(throws: BoltClientError.self) { _ = try handshake.agreedVersion(reply: [0, 0, 0, 5]) }
    }
}
