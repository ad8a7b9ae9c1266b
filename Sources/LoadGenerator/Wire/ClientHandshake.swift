import BoltProtocol

/// The client side of the Bolt handshake: the 20-byte proposal and the check of the server's
/// 4-byte reply.
///
/// The default proposal is the range 5.8 down to 5.0, then 5.0 and 4.4 as single versions for
/// servers that do not read ranges. The load generator never requests the handshake manifest.
struct ClientHandshake: Sendable, Equatable {
    /// The versions proposed, as handshake slots, at most four.
    let slots: [VersionRange]

    static let standard = ClientHandshake(slots: [
        VersionRange(highest: .v5_8, range: 8),
        VersionRange(highest: .v5_0),
        VersionRange(highest: .v4_4),
    ])

    /// A proposal of one version, for checking a server's support of it.
    static func only(_ version: BoltVersion) -> ClientHandshake {
        ClientHandshake(slots: [VersionRange(highest: version)])
    }

    /// The magic followed by four slots, unused ones zero.
    var proposal: [UInt8] {
        var bytes = BoltHandshake.magic
        for index in 0..<4 {
            bytes += index < slots.count ? slots[index].bytes : [0, 0, 0, 0]
        }
        return bytes
    }

    /// Returns the version in the server's reply `00 00 MINOR MAJOR`.
    ///
    /// - Throws: ``BoltClientError/handshake(_:)`` when the reply is all zero (no common
    ///   version) or names a version that was not proposed.
    func agreedVersion(reply: [UInt8]) throws(BoltClientError) -> BoltVersion {
        precondition(reply.count == 4, "a handshake reply is 4 bytes")
        if reply == [0, 0, 0, 0] {
            let offered = slots.map(\.description).joined(separator: ", ")
            throw .handshake("the server supports none of the proposed versions (\(offered))")
        }
        let version = BoltVersion(major: reply[3], minor: reply[2])
        guard reply[0] == 0, reply[1] == 0, slots.contains(where: { $0.contains(version) }) else {
            let bytes = reply.map { hexByte($0) }.joined(separator: " ")
            throw .handshake("the server replied \(bytes), which is not one of the proposed versions")
        }
        return version
    }
}

/// Formats a byte as two uppercase hex digits.
func hexByte(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return byte < 16 ? "0" + digits : digits
}
