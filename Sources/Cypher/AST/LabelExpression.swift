/// A label expression of Neo4j 5, as in `(n:A|B)`, `(n:A&!B)`, `[r:!KNOWS]` or `WHERE n:%`.
///
/// `!` binds tighter than `&`, which binds tighter than `|`. A relationship matches as an
/// entity whose only label is its type.
public indirect enum LabelExpression: Sendable, Hashable {
    case name(String)
    /// `%`: any label at all.
    case wildcard
    case not(LabelExpression)
    case and(LabelExpression, LabelExpression)
    case or(LabelExpression, LabelExpression)

    /// Returns the conjunction of `names`, as `:A:B` writes it, or nil for no names.
    public static func all(_ names: [String]) -> LabelExpression? {
        guard let first = names.first else { return nil }
        return names.dropFirst().reduce(.name(first)) { .and($0, .name($1)) }
    }

    /// Returns whether an entity with `labels` matches. The parser bounds the nesting depth.
    public func matches(_ labels: [String]) -> Bool {
        switch self {
        case .name(let name): labels.contains(name)
        case .wildcard: !labels.isEmpty
        case .not(let operand): !operand.matches(labels)
        case .and(let lhs, let rhs): lhs.matches(labels) && rhs.matches(labels)
        case .or(let lhs, let rhs): lhs.matches(labels) || rhs.matches(labels)
        }
    }

    /// The names of a plain conjunction such as `A&B`, or nil for any other expression.
    public var conjunctiveNames: [String]? {
        switch self {
        case .name(let name): [name]
        case .and(let lhs, let rhs): lhs.conjunctiveNames.flatMap { left in rhs.conjunctiveNames.map { left + $0 } }
        default: nil
        }
    }

    /// The names of a plain disjunction such as `A|B`, or nil for any other expression.
    public var disjunctiveNames: [String]? {
        switch self {
        case .name(let name): [name]
        case .or(let lhs, let rhs): lhs.disjunctiveNames.flatMap { left in rhs.disjunctiveNames.map { left + $0 } }
        default: nil
        }
    }
}
