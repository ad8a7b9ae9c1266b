import JSON

/// The Markdown table and JSON lines of scenario results.
enum ResultReport {
    static let tableHeader = """
        | scenario | target | connections | ops | per second | p50 ms | p99 ms | p99.9 ms | errors |
        | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        """

    static func tableRow(_ result: ScenarioResult) -> String {
        let cells = [
            result.scenario,
            result.target,
            String(result.connections),
            String(result.operations),
            groupedThousands(Int(result.rate.rounded())),
            milliseconds(result.latency.p50),
            milliseconds(result.latency.p99),
            milliseconds(result.latency.p999),
            String(result.errors),
        ]
        return "| " + cells.map(escapeCell).joined(separator: " | ") + " |"
    }

    /// Formats the result as one JSON object on one line, with the keys `bench/run` reads.
    /// Latencies are in milliseconds, and `first_error` is null when there was none.
    static func jsonLine(_ result: ScenarioResult) -> String {
        let object: JSONValue = .object([
            "scenario": .string(result.scenario),
            "target": .string(result.target),
            "connections": .integer(Int64(result.connections)),
            "operations": .integer(Int64(result.operations)),
            "duration_s": .number(result.durationSeconds),
            "rate": .number(result.rate),
            "p50_ms": .number(Double(result.latency.p50) / 1e6),
            "p99_ms": .number(Double(result.latency.p99) / 1e6),
            "p999_ms": .number(Double(result.latency.p999) / 1e6),
            "max_ms": .number(Double(result.latency.max) / 1e6),
            "errors": .integer(Int64(result.errors)),
            "first_error": result.firstError.map(JSONValue.string) ?? .null,
        ])
        return object.text
    }

    /// Nanoseconds as milliseconds with three decimals, or `-` when nothing was measured.
    static func milliseconds(_ nanoseconds: UInt64) -> String {
        guard nanoseconds > 0 else { return "-" }
        let microseconds = (nanoseconds + 500) / 1000
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// `12345` as `12,345`.
    static func groupedThousands(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (position, digit) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 {
                grouped.append(",")
            }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// Escapes `|` so that a label cannot break the table.
    private static func escapeCell(_ text: String) -> String {
        text.replacing("|", with: "\\|")
    }
}
