/// The ISO 8601 text `toString(duration)` returns, in Neo4j's shape: months print as years and
/// months, seconds as hours, minutes and seconds, zero parts are left out, and every part of the
/// time carries the sign of the whole time (`PT-1M-0.001S`). A zero duration prints as `PT0S`.
public enum DurationText {
    /// Formats a duration. Parts outside their usual ranges, such as nanoseconds beyond a second
    /// from a Bolt client, print as the amount they add up to.
    public static func string(_ duration: CypherDuration) -> String {
        let months = Int128(duration.months)
        let days = Int128(duration.days)
        let time = duration.totalNanoseconds
        var text = "P"
        append(&text, months / 12, "Y")
        append(&text, months % 12, "M")
        append(&text, days, "D")
        if time != 0 {
            text += "T"
            // Truncating division keeps every part's sign equal to the sign of `time`.
            let seconds = time / 1_000_000_000
            let fraction = time % 1_000_000_000
            append(&text, seconds / 3600, "H")
            append(&text, seconds % 3600 / 60, "M")
            let secondOfMinute = seconds % 60
            if secondOfMinute != 0 || fraction != 0 {
                if time < 0 && secondOfMinute == 0 { text += "-" }
                text += String(secondOfMinute)
                if fraction != 0 { text += "." + fractionDigits(fraction.magnitude) }
                text += "S"
            }
        }
        return text == "P" ? "PT0S" : text
    }

    private static func append(_ text: inout String, _ quantity: Int128, _ unit: String) {
        if quantity != 0 { text += String(quantity) + unit }
    }

    /// Nine digits of nanoseconds without trailing zeros: 1,000,000 gives `001`.
    private static func fractionDigits(_ nanoseconds: UInt128) -> String {
        var digits = String(nanoseconds)
        digits = String(repeating: "0", count: max(0, 9 - digits.count)) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return digits
    }
}
