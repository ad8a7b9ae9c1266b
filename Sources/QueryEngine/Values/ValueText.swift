import GraphValue

/// Text forms of values: `toString` output, and Cypher literals for error messages.
enum ValueText {
    /// The text `toString` and string concatenation produce for a scalar.
    static func string(_ value: Value) -> String {
        switch value {
        case .string(let s): s
        case .integer(let i): String(i)
        case .float(let d): float(d)
        case .boolean(let b): b ? "true" : "false"
        default: literal(value)
        }
    }

    /// Formats a float as the JVM does (`1.0`, `1.0E20`, `NaN`, `Infinity`), as Neo4j prints it.
    static func float(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        let magnitude = abs(d)
        if magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7) {
            let text = "\(d)"
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        }
        // Swift prints 1e+20 or 1.5e-05; the JVM prints 1.0E20 and 1.5E-5.
        let parts = "\(d)".split(separator: "e", maxSplits: 1)
        guard parts.count == 2, let exponent = Int(parts[1]) else { return "\(d)" }
        var mantissa = String(parts[0])
        if !mantissa.contains(".") { mantissa += ".0" }
        return "\(mantissa)E\(exponent)"
    }

    /// How deeply ``literal(_:depth:)`` renders nested lists and maps before writing `...`.
    static let literalDepth = 16

    /// A Cypher-literal rendering, used in error messages and for non-scalar `toString` input.
    ///
    /// Lists and maps nested more than ``literalDepth`` levels deep render as `[...]` and `{...}`,
    /// so that the recursion stays shallow.
    static func literal(_ value: Value, depth: Int = 0) -> String {
        switch value {
        case .list where depth >= literalDepth: return "[...]"
        case .map where depth >= literalDepth: return "{...}"
        case .null: return "NO_VALUE"
        case .string(let s): return "\"\(s)\""
        case .integer, .float, .boolean: return string(value)
        case .bytes(let bytes): return "bytes[\(bytes.count)]"
        case .list(let items): return "[" + items.map { literal($0, depth: depth + 1) }.joined(separator: ", ") + "]"
        case .map(let entries):
            let body = entries.keys.sorted().map { "\($0): \(literal(entries[$0] ?? .null, depth: depth + 1))" }
            return "{" + body.joined(separator: ", ") + "}"
        case .node(let node): return "(\(node.id))"
        case .relationship(let r): return "[\(r.id)]"
        case .path(let path): return "path(\(path.nodes.count) nodes)"
        case .date(let date): return TemporalText.date(date)
        case .localTime(let time): return TemporalText.localTime(time)
        case .time(let time): return TemporalText.time(time)
        case .localDateTime(let dateTime): return TemporalText.localDateTime(dateTime)
        case .dateTime(let dateTime): return TemporalText.dateTime(dateTime)
        case .duration(let duration): return DurationText.string(duration)
        case .point(let p):
            let z = p.z.map { ", z: \(float($0))" } ?? ""
            return "point({srid: \(p.srid), x: \(float(p.x)), y: \(float(p.y))\(z)})"
        }
    }
}
