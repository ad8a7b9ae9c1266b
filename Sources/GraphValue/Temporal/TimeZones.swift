import Foundation

/// UTC offsets of time zones, looked up in the system's tz database through Foundation's
/// `TimeZone`, and the text of an offset. The query engine extends this type with zone parsing
/// and local-to-UTC conversion.
public enum TimeZones {
    /// Returns the UTC offset in effect in `zone` at an instant given as seconds since the epoch
    /// (UTC). A zone name the tz database does not know gives 0.
    public static func offset(of zone: DateTime.Zone, atUTCSeconds seconds: Int64) -> Int32 {
        switch zone {
        case .offset(let offset): offset
        case .identifier(let name): offset(ofZone: name, atUTCSeconds: seconds) ?? 0
        }
    }

    /// Returns the UTC offset in effect in the named zone, such as `Europe/Berlin`, at an instant
    /// given as seconds since the epoch (UTC), or nil when the tz database does not know the name.
    public static func offset(ofZone identifier: String, atUTCSeconds seconds: Int64) -> Int32? {
        guard let timeZone = TimeZone(identifier: identifier) else { return nil }
        return Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }

    /// Formats an offset as `java.time` writes it: `Z`, `+01:00`, or `+00:53:28` with seconds.
    public static func offsetText(_ seconds: Int32) -> String {
        if seconds == 0 { return "Z" }
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = Int(seconds.magnitude)
        var text = sign + twoDigits(magnitude / 3600) + ":" + twoDigits(magnitude / 60 % 60)
        if magnitude % 60 != 0 { text += ":" + twoDigits(magnitude % 60) }
        return text
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
