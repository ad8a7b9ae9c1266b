/// A Cypher value as it travels between the query engine, the store and the wire protocols.
///
/// The cases mirror the PackStream v1 types and the Bolt 5 structures, so every value a query
/// can produce has exactly one encoding on the wire.
public enum Value: Sendable, Hashable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list([Value])
    case map([String: Value])
    case node(Node)
    case relationship(Relationship)
    case path(Path)
    case date(CalendarDate)
    case time(Time)
    case localTime(LocalTime)
    case dateTime(DateTime)
    case localDateTime(LocalDateTime)
    case duration(CypherDuration)
    case point(Point)
}

extension Value {
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The name Cypher uses for the value's type in error messages, for example `Integer`.
    public var typeName: String {
        switch self {
        case .null: "Null"
        case .boolean: "Boolean"
        case .integer: "Integer"
        case .float: "Float"
        case .string: "String"
        case .bytes: "ByteArray"
        case .list: "List"
        case .map: "Map"
        case .node: "Node"
        case .relationship: "Relationship"
        case .path: "Path"
        case .date: "Date"
        case .time: "Time"
        case .localTime: "LocalTime"
        case .dateTime: "DateTime"
        case .localDateTime: "LocalDateTime"
        case .duration: "Duration"
        case .point: "Point"
        }
    }
}

extension Value: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
