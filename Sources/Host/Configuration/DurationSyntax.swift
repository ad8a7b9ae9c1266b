/// Parses durations written as in Go's `time.ParseDuration`, in whole seconds.
///
/// Accepted forms:
/// - a bare whole number of seconds: `0`, `90`, `86400`;
/// - one or more `<digits><unit>` parts with the units `d` (86400 s), `h`, `m` and `s`: `90s`,
///   `30m`, `24h`, `7d`, `1h30m`, `1d12h`.
///
/// Stricter than Go on purpose: each unit may appear at most once and in the order `d`, `h`,
/// `m`, `s`, so `30m1h` and `1h1h` are rejected as probable typos. Signs, spaces, fractions
/// (`1.5h`), sub-second units (`ms`, `us`, `ns`) and upper-case units are rejected too.
public enum DurationSyntax {
    /// The units in the order they must appear, with their length in seconds.
    static let units: [(symbol: Character, seconds: Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// Returns the number of seconds `text` denotes, or nil when it is not a valid duration or
    /// does not fit in `Int64`. `0` and `0s` return 0; callers decide whether zero is allowed.
    public static func seconds(_ text: String) -> Int64? {
        guard !text.isEmpty, text.allSatisfy(\.isASCII) else { return nil }
        if text.allSatisfy(\.isWholeNumberDigit) { return Int64(text) }

        var total: Int64 = 0
        var remainder = Substring(text)
        // The index of the first unit the next part may use, so units appear once and in order.
        var nextUnit = units.startIndex
        while !remainder.isEmpty {
            let digits = remainder.prefix(while: \.isWholeNumberDigit)
            guard !digits.isEmpty, let count = Int64(digits) else { return nil }
            remainder = remainder.dropFirst(digits.count)
            guard let symbol = remainder.first,
                let unit = units[nextUnit...].firstIndex(where: { $0.symbol == symbol })
            else { return nil }
            remainder = remainder.dropFirst()
            nextUnit = unit + 1

            let (part, partOverflow) = count.multipliedReportingOverflow(by: units[unit].seconds)
            let (sum, sumOverflow) = total.addingReportingOverflow(part)
            guard !partOverflow, !sumOverflow else { return nil }
            total = sum
        }
        return total
    }
}

extension Character {
    /// True for the ASCII digits 0 to 9 only, unlike `isNumber`, which accepts other scripts.
    fileprivate var isWholeNumberDigit: Bool { ("0"..."9").contains(self) }
}
