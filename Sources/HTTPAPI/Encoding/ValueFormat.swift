import GraphValue
import JSON

/// The `row` form of result values, as Neo4j's transactional HTTP API writes them.
///
/// - A node or relationship is its property map, and a path is the list of the property maps of
///   its nodes and relationships in order.
/// - Temporal values and durations are their ISO 8601 text, the same text as Cypher's `toString`
///   (see `TemporalText` and `DurationText` in GraphValue).
/// - A point is a GeoJSON-like object (see ``PointFormat``).
/// - A byte array is a list of signed byte values (-128...127), as Neo4j writes `byte[]`.
/// - A float that is NaN or infinite, which JSON cannot write as a number, is the string `NaN`,
///   `Infinity` or `-Infinity`, as Jackson, the JSON library of Neo4j's server, writes them by default.
enum ValueFormat {
    static func row(_ value: Value) -> JSONValue {
        switch value {
        case .null: .null
        case .boolean(let flag): .bool(flag)
        case .integer(let number): .integer(number)
        case .float(let number): float(number)
        case .string(let text): .string(text)
        case .bytes(let bytes): .array(bytes.map { .integer(Int64(Int8(bitPattern: $0))) })
        case .list(let elements): .array(elements.map(row))
        case .map(let entries): properties(entries)
        case .node(let node): properties(node.properties)
        case .relationship(let relationship): properties(relationship.properties)
        case .path(let path): .array(elements(of: path).map(row))
        case .date(let date): .string(TemporalText.date(date))
        case .time(let time): .string(TemporalText.time(time))
        case .localTime(let time): .string(TemporalText.localTime(time))
        case .dateTime(let dateTime): .string(TemporalText.dateTime(dateTime))
        case .localDateTime(let dateTime): .string(TemporalText.localDateTime(dateTime))
        case .duration(let duration): .string(DurationText.string(duration))
        case .point(let point): PointFormat.point(point)
        }
    }

    static func properties(_ entries: [String: Value]) -> JSONValue {
        .object(entries.mapValues(row))
    }

    /// Encodes a finite float as a JSON number, and NaN and the infinities as strings.
    static func float(_ number: Double) -> JSONValue {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return .number(number)
    }

    /// Lists the nodes and relationships of a path in order: node, relationship, node, ….
    static func elements(of path: Path) -> [Value] {
        var elements: [Value] = []
        elements.reserveCapacity(path.nodes.count + path.relationships.count)
        for (index, node) in path.nodes.enumerated() {
            if index > 0 { elements.append(.relationship(path.relationships[index - 1])) }
            elements.append(.node(node))
        }
        return elements
    }
}
