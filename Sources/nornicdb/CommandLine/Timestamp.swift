#if canImport(Glibc)
    import Glibc
#endif

/// Formats times for command output.
enum Timestamp {
    /// Returns `seconds` since the epoch in RFC 3339 form in UTC, for example
    /// `2025-06-01T12:00:00Z`, the form the HTTP API uses.
    static func rfc3339(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else { return String(seconds) }
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date = "\(padded(parts.tm_year + 1900, 4))-\(padded(parts.tm_mon + 1, 2))-\(padded(parts.tm_mday, 2))"
        let clock = "\(padded(parts.tm_hour, 2)):\(padded(parts.tm_min, 2)):\(padded(parts.tm_sec, 2))"
        return date + "T" + clock + "Z"
    }
}
