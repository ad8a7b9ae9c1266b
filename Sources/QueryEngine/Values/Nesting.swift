import GraphValue
import Host

/// The bound on how deeply the lists and maps a statement builds may nest.
///
/// Freeing a `Value` and encoding it for the wire recurse once per level of nesting, so a value
/// nested tens of thousands of levels deep, which `reduce` builds in one line, overflows the
/// stack. The engine's own equality, ordering and hashing use explicit stacks instead. Every
/// place that wraps values in a new list or map checks the result here. PackStream input is
/// capped at 64 levels, so every parameter fits under this bound.
enum Nesting {
    /// The deepest nesting a built value may have; a scalar has depth 0 and `[[1]]` depth 2.
    static let maximumDepth = 256

    /// The depth of `value`'s list and map nesting, or `limit + 1` when it is deeper than `limit`.
    ///
    /// The walk uses an explicit stack and returns as soon as it reaches a container below
    /// `limit`. It looks only into lists and maps, and visits each of their elements once.
    static func depth(of value: Value, limit: Int = maximumDepth) -> Int {
        var pending: [(Value, Int)] = isContainer(value) ? [(value, 1)] : []
        var deepest = 0
        while let (container, level) = pending.popLast() {
            deepest = max(deepest, level)
            if level > limit { return limit + 1 }
            switch container {
            case .list(let items):
                for item in items where isContainer(item) { pending.append((item, level + 1)) }
            case .map(let entries):
                for item in entries.values where isContainer(item) { pending.append((item, level + 1)) }
            default:
                break
            }
        }
        return deepest
    }

    /// Fails when `value` nests deeper than ``maximumDepth``; returns it otherwise.
    @discardableResult
    static func check(_ value: Value) throws(ServerError) -> Value {
        if depth(of: value) > maximumDepth { throw tooDeep }
        return value
    }

    /// Fails when wrapping `element` in one more list or map would nest deeper than
    /// ``maximumDepth``, as for each element that `collect` gathers.
    static func checkElement(_ element: Value) throws(ServerError) {
        if depth(of: element, limit: maximumDepth - 1) > maximumDepth - 1 { throw tooDeep }
    }

    static let tooDeep = ServerError(
        .memoryLimitExceeded,
        "The statement builds a list or map nested more than \(maximumDepth) levels deep; "
            + "flatten the value or split the work."
    )

    /// True when `value` is or contains a node, relationship or path; the walk does not recurse.
    static func containsEntity(_ value: Value) -> Bool {
        var pending = [value]
        while let next = pending.popLast() {
            switch next {
            case .node, .relationship, .path: return true
            case .list(let items): pending.append(contentsOf: items.filter(isContainerOrEntity))
            case .map(let entries): pending.append(contentsOf: entries.values.filter(isContainerOrEntity))
            default: break
            }
        }
        return false
    }

    private static func isContainerOrEntity(_ value: Value) -> Bool {
        switch value {
        case .list, .map, .node, .relationship, .path: true
        default: false
        }
    }

    private static func isContainer(_ value: Value) -> Bool {
        switch value {
        case .list, .map: true
        default: false
        }
    }
}
