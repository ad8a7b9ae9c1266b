/// The server side of the Bolt handshake, as a value fed with the client's bytes.
///
/// The client sends the magic `60 60 B0 17` and four 4-byte version slots. If one slot is
/// `00 00 01 FF` (handshake manifest v1) and manifests are enabled, the server replies with
/// the manifest, its version ranges and capabilities 0, and the client replies with its chosen
/// version and a capabilities varint. Otherwise the server replies with the highest common
/// version as `00 00 MINOR MAJOR`, or `00 00 00 00` when there is none.
///
/// Call ``feed(_:)`` with bytes as they arrive; write ``Progress/reply`` to the socket each
/// time it is not empty. When the outcome is `.agreed`, hand ``Progress/leftover`` (for
/// example a pipelined HELLO) to the chunk decoder. When it is `.failed`, write the reply
/// and close.
public struct BoltHandshake: Sendable {
    public static let magic: [UInt8] = [0x60, 0x60, 0xB0, 0x17]
    static let manifestV1Slot: [UInt8] = [0x00, 0x00, 0x01, 0xFF]

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The first four bytes were not the Bolt magic.
        case invalidMagic([UInt8])
        /// The client sent an HTTP request (`GET `, `POST`, `HTTP`) to the Bolt port.
        case httpRequest
        /// None of the client's slots matches a server version.
        case noCommonVersion([VersionRange])
        /// After the manifest, the client chose a version the server did not offer
        /// (`0.0` when the client found no match).
        case invalidChoice(BoltVersion)
        /// After the manifest, the client chose capabilities the server did not offer, or sent
        /// a malformed varint.
        case invalidCapabilities

        public var description: String {
            switch self {
            case .invalidMagic(let bytes):
                "invalid Bolt magic \(bytes.map(hex).joined(separator: " ")); expected 60 60 B0 17"
            case .httpRequest:
                "received an HTTP request on the Bolt port"
            case .noCommonVersion(let offered):
                "no common Bolt version; the client offered \(offered.map(\.description).joined(separator: ", "))"
            case .invalidChoice(let version):
                "the client chose Bolt \(version), which the server did not offer"
            case .invalidCapabilities:
                "the client chose handshake capabilities the server did not offer"
            }
        }
    }

    public enum Outcome: Sendable, Equatable {
        case pending
        case agreed(BoltVersion)
        case failed(Failure)
    }

    /// The result of one ``feed(_:)``: bytes to send, the outcome so far, and the bytes that
    /// followed the handshake.
    public struct Progress: Sendable, Equatable {
        public var reply: [UInt8] = []
        public var outcome: Outcome = .pending
        /// Bytes after the end of the handshake; empty unless the outcome is `.agreed`.
        public var leftover: [UInt8] = []
    }

    private enum Stage: Sendable {
        case awaitingProposal
        case awaitingChoice
        case finished(Outcome)
    }

    public let supportedVersions: Set<BoltVersion>
    public let offersManifest: Bool
    private var stage = Stage.awaitingProposal
    private var buffer: [UInt8] = []

    /// - Parameters:
    ///   - supportedVersions: the versions this server implements.
    ///   - offersManifest: whether to reply to a manifest v1 request with a manifest. If false, the
    ///     server always sends the legacy 4-byte reply, which the drivers also accept.
    public init(supportedVersions: some Sequence<BoltVersion> = BoltVersion.serverDefaults, offersManifest: Bool = true)
    {
        self.supportedVersions = Set(supportedVersions)
        self.offersManifest = offersManifest
        precondition(!self.supportedVersions.isEmpty, "the server must support at least one Bolt version")
    }

    /// The ranges the server offers in a manifest, highest first.
    public var offeredRanges: [VersionRange] { VersionRange.covering(supportedVersions) }

    /// The outcome so far; `.pending` until the handshake is complete.
    public var outcome: Outcome {
        if case .finished(let outcome) = stage { return outcome }
        return .pending
    }

    /// Consumes received bytes and returns what to send and what was agreed.
    ///
    /// After the handshake has finished, further calls return the final outcome with no reply
    /// and hand back the bytes unchanged as leftover (only when the outcome is `.agreed`).
    public mutating func feed(_ bytes: some Collection<UInt8>) -> Progress {
        buffer.append(contentsOf: bytes)
        var progress = Progress()
        if case .awaitingProposal = stage {
            switch readProposal(reply: &progress.reply) {
            case .needMoreBytes: return progress
            case .manifestSent: stage = .awaitingChoice
            case .finished(let outcome): stage = .finished(outcome)
            }
        }
        if case .awaitingChoice = stage {
            guard let outcome = readChoice() else { return progress }
            stage = .finished(outcome)
        }
        progress.outcome = self.outcome
        if case .agreed = progress.outcome {
            progress.leftover = buffer
        }
        buffer.removeAll()
        return progress
    }

    private enum ProposalResult {
        case needMoreBytes
        /// The manifest is in the reply, and the client's choice comes next.
        case manifestSent
        case finished(Outcome)
    }

    /// Reads the magic and the four version slots, and writes the server's reply to `reply`.
    private mutating func readProposal(reply: inout [UInt8]) -> ProposalResult {
        if buffer.count >= 4 {
            let head = Array(buffer.prefix(4))
            if head != Self.magic {
                let isHTTP = ["GET ", "POST", "HTTP", "PUT ", "HEAD"].contains { Array($0.utf8) == head }
                return .finished(.failed(isHTTP ? .httpRequest : .invalidMagic(head)))
            }
        }
        guard buffer.count >= 20 else { return .needMoreBytes }
        let slots = (0..<4).map { buffer[(4 + $0 * 4)..<(8 + $0 * 4)] }
        buffer.removeFirst(20)
        if offersManifest, slots.contains(where: { Array($0) == Self.manifestV1Slot }) {
            reply = manifest()
            return .manifestSent
        }
        let ranges = slots.filter { $0.last != 0xFF && $0.contains { $0 != 0 } }.map(VersionRange.init(slot:))
        let common = supportedVersions.filter { version in ranges.contains { $0.contains(version) } }
        guard let chosen = common.max() else {
            reply = [0x00, 0x00, 0x00, 0x00]
            return .finished(.failed(.noCommonVersion(ranges)))
        }
        reply = [0x00, 0x00, chosen.minor, chosen.major]
        return .finished(.agreed(chosen))
    }

    private func manifest() -> [UInt8] {
        let ranges = offeredRanges
        var bytes = Self.manifestV1Slot
        bytes += Varint.encode(UInt64(ranges.count))
        for range in ranges {
            bytes += range.bytes
        }
        bytes += Varint.encode(0)  // no capabilities
        return bytes
    }

    /// Reads the client's 4-byte choice and capabilities varint after the manifest. Returns
    /// nil while bytes are missing, and consumes exactly these bytes.
    private mutating func readChoice() -> Outcome? {
        guard buffer.count >= 5 else { return nil }
        let chosen = BoltVersion(major: buffer[3], minor: buffer[2])
        switch Varint.parse(buffer[4...]) {
        case .needMoreBytes:
            return nil
        case .malformed:
            return .failed(.invalidCapabilities)
        case .value(let capabilities, let length):
            buffer.removeFirst(4 + length)
            guard supportedVersions.contains(chosen) else { return .failed(.invalidChoice(chosen)) }
            guard capabilities == 0 else { return .failed(.invalidCapabilities) }
            return .agreed(chosen)
        }
    }
}
