/// A handshake slot in range form: `00 RR MM MJ` covers `MJ.MM` down to `MJ.(MM - RR)`.
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    public var highest: BoltVersion
    /// How many minor versions below `highest` the range also covers.
    public var range: UInt8

    public init(highest: BoltVersion, range: UInt8 = 0) {
        self.highest = highest
        self.range = range
    }

    /// Parses a 4-byte slot; the first byte is reserved and ignored.
    init(slot: ArraySlice<UInt8>) {
        let bytes = Array(slot)
        self.init(highest: BoltVersion(major: bytes[3], minor: bytes[2]), range: bytes[1])
    }

    public var lowestMinor: UInt8 { highest.minor >= range ? highest.minor - range : 0 }

    public func contains(_ version: BoltVersion) -> Bool {
        version.major == highest.major && (lowestMinor...highest.minor).contains(version.minor)
    }

    /// The 4 bytes of this range in a handshake slot or manifest offering.
    public var bytes: [UInt8] { [0x00, range, highest.minor, highest.major] }

    public var description: String {
        range == 0 ? "\(highest)" : "\(highest.major).\(highest.minor)-\(highest.major).\(lowestMinor)"
    }

    /// Groups versions into the fewest ranges: consecutive minors of one major share a range.
    /// The result is sorted from the highest version down.
    public static func covering(_ versions: some Sequence<BoltVersion>) -> [VersionRange] {
        var ranges: [VersionRange] = []
        for version in Set(versions).sorted(by: >) {
            if let last = ranges.last, last.highest.major == version.major,
                Int(last.lowestMinor) == Int(version.minor) + 1
            {
                ranges[ranges.count - 1].range += 1
            } else {
                ranges.append(VersionRange(highest: version))
            }
        }
        return ranges
    }
}

/// The unsigned LEB128 varints of the handshake manifest: 7 bits per byte, least significant
/// group first, the top bit set while more bytes follow.
enum Varint {
    /// The manifest values are counts and capability masks, so 5 bytes (35 bits) suffice.
    /// A longer varint is treated as malformed, so the reader never loops without bound.
    static let maximumLength = 5

    static func encode(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    enum ParseResult: Equatable {
        case value(UInt64, length: Int)
        case needMoreBytes
        case malformed
    }

    static func parse(_ bytes: ArraySlice<UInt8>) -> ParseResult {
        var value: UInt64 = 0
        for (position, byte) in bytes.prefix(maximumLength).enumerated() {
            value |= UInt64(byte & 0x7F) << (7 * UInt64(position))
            if byte & 0x80 == 0 { return .value(value, length: position + 1) }
        }
        return bytes.count >= maximumLength ? .malformed : .needMoreBytes
    }
}
