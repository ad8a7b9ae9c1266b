import GraphValue
import JSON

/// The `meta` list of a result row, which follows Neo4j's transactional HTTP API.
///
/// Each column adds entries to one flat list:
/// - a node or relationship adds `{"id", "elementId", "type": "node"|"relationship", "deleted"}`;
/// - a path adds one list of the entries of its nodes and relationships in order;
/// - a temporal value adds `{"type": "date"}` (or `time`, `localtime`, `datetime`,
///   `localdatetime`, `duration`), and a point adds `{"type": "point", "crs": {…}}`;
/// - a list adds the entries of its elements, and a map those of its values in key order, with
///   no list around them, as Neo4j does. So `meta` lines up with `columns` only while no
///   column contains a list or map;
/// - every other value adds `null`.
///
/// NOTE: `deleted` is always false, because the engine does not report which entities the
/// statement deleted.
enum MetaFormat {
    static func meta(_ row: [Value]) -> JSONValue {
        var entries: [JSONValue] = []
        for value in row { append(value, to: &entries) }
        return .array(entries)
    }

    static func append(_ value: Value, to entries: inout [JSONValue]) {
        switch value {
        case .node(let node):
            entries.append(entity(id: node.id, elementID: node.elementID, type: "node"))
        case .relationship(let relationship):
            entries.append(entity(id: relationship.id, elementID: relationship.elementID, type: "relationship"))
        case .path(let path):
            var inner: [JSONValue] = []
            for element in ValueFormat.elements(of: path) { append(element, to: &inner) }
            entries.append(.array(inner))
        case .list(let elements):
            for element in elements { append(element, to: &entries) }
        case .map(let members):
            for key in members.keys.sorted() { append(members[key] ?? .null, to: &entries) }
        case .date: entries.append(["type": "date"])
        case .time: entries.append(["type": "time"])
        case .localTime: entries.append(["type": "localtime"])
        case .dateTime: entries.append(["type": "datetime"])
        case .localDateTime: entries.append(["type": "localdatetime"])
        case .duration: entries.append(["type": "duration"])
        case .point(let point): entries.append(PointFormat.meta(point))
        case .null, .boolean, .integer, .float, .string, .bytes: entries.append(.null)
        }
    }

    private static func entity(id: Int64, elementID: String, type: JSONValue) -> JSONValue {
        ["id": .integer(id), "elementId": .string(elementID), "type": type, "deleted": false]
    }
}
