import Foundation
import GraphValue
import Host

/// Time-zone handling for the temporal values: parsing zone text and local-to-UTC conversion. The
/// offset lookup and offset text are in the GraphValue module.
extension TimeZones {
    /// The zone of values built without one: UTC, as Neo4j's default `db.temporal.timezone`.
    static let defaultZone = DateTime.Zone.offset(seconds: 0)

    /// The largest UTC offset `java.time` accepts, 18 hours, in seconds.
    static let maximumOffsetSeconds: Int32 = 18 * 3600

    /// Parses a `timezone` value: `Z`, an offset such as `+01`, `+0100`, `+01:00` or `+01:00:30`,
    /// or a tz database name such as `Europe/Stockholm`.
    static func zone(_ text: String) throws(ServerError) -> DateTime.Zone {
        if let offset = offsetSeconds(text) { return .offset(seconds: offset) }
        if text.first == "+" || text.first == "-" {
            throw ServerError(.argumentError, "Invalid time zone offset: '\(text)'; expected a form such as '+01:00'")
        }
        guard TimeZone(identifier: text) != nil else {
            throw ServerError(.argumentError, "Unknown time zone: '\(text)'; expected a tz database name or an offset")
        }
        return .identifier(text)
    }

    /// Parses `Z` or a signed offset of hours with optional minutes and seconds, with or without
    /// colons. Returns nil for other text and for an offset beyond 18 hours.
    static func offsetSeconds(_ text: String) -> Int32? {
        if text == "Z" || text == "z" { return 0 }
        var scanner = ByteScanner(text)
        guard let sign = scanner.sign(), let offset = scanner.offsetBody(sign: sign), scanner.isAtEnd else {
            return nil
        }
        return offset
    }

    /// Converts local seconds in `zone` to UTC seconds as `java.time` resolves them: in an
    /// overlap the earlier offset wins unless `preferredOffset` is valid, and a local time in a
    /// gap moves forward by the length of the gap.
    static func utcSeconds(fromLocal local: Int64, zone: DateTime.Zone, preferredOffset: Int32? = nil) -> Int64 {
        guard case .identifier = zone else { return local - Int64(offset(of: zone, atUTCSeconds: local)) }
        // Offsets a day either side of the local time bracket any single transition near it.
        let before = offset(of: zone, atUTCSeconds: local - 86_400)
        let after = offset(of: zone, atUTCSeconds: local + 86_400)
        let candidates = before == after ? [before] : [before, after]
        let valid = candidates.filter { offset(of: zone, atUTCSeconds: local - Int64($0)) == $0 }
        if let preferred = preferredOffset, valid.contains(preferred) { return local - Int64(preferred) }
        if let first = valid.first { return local - Int64(first) }
        // No offset gives this local time, so it falls in a gap. Applying the offset from before
        // the gap moves it forward past the transition by the gap's length.
        return local - Int64(before)
    }
}

/// A cursor over the UTF-8 bytes of temporal text; every read checks the end, so truncated input
/// fails cleanly instead of trapping.
struct ByteScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var isAtEnd: Bool { position >= bytes.count }
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func peek(_ character: Character) -> Bool {
        current == character.asciiValue
    }

    mutating func accept(_ character: Character) -> Bool {
        guard peek(character) else { return false }
        position += 1
        return true
    }

    /// Reads `+` or `-` and returns 1 or -1; nil, reading nothing, otherwise.
    mutating func sign() -> Int32? {
        if accept("+") { return 1 }
        if accept("-") { return -1 }
        return nil
    }

    /// Counts the ASCII digits from the cursor on, without moving it.
    func digitCount() -> Int {
        var end = position
        while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39 { end += 1 }
        return end - position
    }

    /// Reads exactly `count` digits as a number, or returns nil, reading nothing.
    mutating func digits(_ count: Int) -> Int64? {
        guard count > 0, digitCount() >= count else { return nil }
        var value: Int64 = 0
        for _ in 0..<count {
            value = value * 10 + Int64(bytes[position] - 0x30)
            position += 1
        }
        return value
    }

    /// Reads the digits of an offset after its sign: `hh`, `hhmm`, `hh:mm`, `hhmmss` or
    /// `hh:mm:ss`. Returns nil for a malformed offset or one beyond 18 hours.
    mutating func offsetBody(sign: Int32) -> Int32? {
        guard let hours = digits(2) else { return nil }
        var minutes: Int64 = 0
        var seconds: Int64 = 0
        if accept(":") {
            guard let m = digits(2) else { return nil }
            minutes = m
            if accept(":") {
                guard let s = digits(2) else { return nil }
                seconds = s
            }
        } else if digitCount() >= 2 {
            minutes = digits(2) ?? 0
            if digitCount() >= 2 { seconds = digits(2) ?? 0 }
        }
        guard minutes < 60, seconds < 60 else { return nil }
        let total = Int32(hours * 3600 + minutes * 60 + seconds)
        guard total <= TimeZones.maximumOffsetSeconds else { return nil }
        return sign * total
    }
}
