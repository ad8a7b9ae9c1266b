public import GraphValue

/// The type of a procedure's input or output field, written as Neo4j writes procedure
/// signatures: `INTEGER?`, `STRING`, `LIST? OF MAP?`, where `?` allows null.
public struct ProcedureType: Sendable, Hashable, CustomStringConvertible {
    public indirect enum Kind: Sendable, Hashable {
        case any, boolean, string, integer, float, number, map, node, relationship, path, point
        case date, time, localTime, dateTime, localDateTime, duration, byteArray
        case list(ProcedureType)
    }

    public var kind: Kind
    /// True when the field accepts null, written as a trailing `?` on the type name.
    public var nullable: Bool

    public init(_ kind: Kind, nullable: Bool = true) {
        self.kind = kind
        self.nullable = nullable
    }

    private static let names: [(String, Kind)] = [
        ("ANY", .any), ("BOOLEAN", .boolean), ("STRING", .string), ("INTEGER", .integer), ("FLOAT", .float),
        ("NUMBER", .number), ("MAP", .map), ("NODE", .node), ("RELATIONSHIP", .relationship), ("PATH", .path),
        ("POINT", .point), ("DATE", .date), ("TIME", .time), ("LOCALTIME", .localTime), ("DATETIME", .dateTime),
        ("LOCALDATETIME", .localDateTime), ("DURATION", .duration), ("BYTEARRAY", .byteArray),
    ]

    /// Parses a type name such as `INTEGER?` or `LIST? OF STRING`, ignoring case; nil when the
    /// text is not one.
    public init?(parsing text: String) {
        let words = text.uppercased().split(separator: " ", omittingEmptySubsequences: true)
        guard let parsed = Self.parse(words[...]) else { return nil }
        self = parsed
    }

    private static func parse(_ words: ArraySlice<Substring>) -> ProcedureType? {
        guard var head = words.first else { return nil }
        let nullable = head.hasSuffix("?")
        if nullable { head = head.dropLast() }
        if head == "LIST" {
            let rest = words.dropFirst()
            guard rest.first == "OF", let element = parse(rest.dropFirst()) else { return nil }
            return ProcedureType(.list(element), nullable: nullable)
        }
        guard words.count == 1, let kind = names.first(where: { $0.0 == head })?.1 else { return nil }
        return ProcedureType(kind, nullable: nullable)
    }

    public var description: String {
        let mark = nullable ? "?" : ""
        if case .list(let element) = kind { return "LIST\(mark) OF \(element)" }
        let name = Self.names.first { $0.1 == kind }?.0 ?? "ANY"
        return name + mark
    }

    /// Returns whether `value` is of this type. An integer is accepted where a float is
    /// expected, as Neo4j converts it, and every element of a list must match the element type.
    public func accepts(_ value: Value) -> Bool {
        if value.isNull { return nullable }
        switch (kind, value) {
        case (.any, _), (.boolean, .boolean), (.string, .string), (.integer, .integer), (.float, .float),
            (.float, .integer), (.number, .integer), (.number, .float), (.map, .map), (.node, .node),
            (.relationship, .relationship), (.path, .path), (.point, .point), (.date, .date), (.time, .time),
            (.localTime, .localTime), (.dateTime, .dateTime), (.localDateTime, .localDateTime),
            (.duration, .duration), (.byteArray, .bytes):
            return true
        case (.list(let element), .list(let items)):
            return items.allSatisfy(element.accepts)
        default:
            return false
        }
    }
}
