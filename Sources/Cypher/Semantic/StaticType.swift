/// The type of value a variable or expression is known to have before the query runs.
///
/// ``any`` stands for every type that cannot be told from the query text alone: parameters,
/// property values, most function results and UNWIND elements. Checks reject an operand only
/// when its type is known and wrong, so ``any`` and ``null`` pass every check.
indirect enum StaticType: Equatable, Sendable {
    case any
    case null
    case boolean
    case integer
    case float
    case string
    case map
    case node
    case relationship
    case path
    case list(StaticType)

    /// The Cypher spelling, as Neo4j writes it in type errors: `Integer`, `List<Node>`.
    var name: String {
        switch self {
        case .any: "Any"
        case .null: "Null"
        case .boolean: "Boolean"
        case .integer: "Integer"
        case .float: "Float"
        case .string: "String"
        case .map: "Map"
        case .node: "Node"
        case .relationship: "Relationship"
        case .path: "Path"
        case .list(let element): "List<\(element.name)>"
        }
    }

    /// True for ``any`` and ``null``, the types that every check accepts.
    var isUnknownOrNull: Bool { self == .any || self == .null }

    var isList: Bool {
        if case .list = self { return true }
        return false
    }

    var isNumber: Bool { self == .integer || self == .float }

    /// True when a value of this type can never be a number (nor a temporal value or duration,
    /// which have no static type of their own and so are ``any``).
    var isNeverNumeric: Bool {
        switch self {
        case .any, .null, .integer, .float: false
        case .boolean, .string, .map, .node, .relationship, .path, .list: true
        }
    }

    /// True when a variable declared with one type may be used where the other is expected.
    func isCompatible(with other: StaticType) -> Bool {
        switch (self, other) {
        case (.any, _), (_, .any), (.null, _), (_, .null): true
        case (.list(let a), .list(let b)): a.isCompatible(with: b)
        default: self == other
        }
    }

    /// The narrowest type that both types fit, used for list elements and CASE results;
    /// null joins with anything to the other type, and numbers of both kinds give ``any``.
    func joined(with other: StaticType) -> StaticType {
        switch (self, other) {
        case (.null, _): other
        case (_, .null): self
        case (.list(let a), .list(let b)): .list(a.joined(with: b))
        default: self == other ? self : .any
        }
    }
}
