import Cypher

/// Finds every `$parameter` a statement refers to, in order of first appearance.
///
/// It walks the syntax tree by reflection, so new clause and expression forms are covered
/// without changes here.
enum ParameterCollector {
    /// Walks with an explicit stack, in order, so that a deep syntax tree does not recurse.
    static func names(in subject: Any) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        var pending: [Any] = [subject]
        while let next = pending.popLast() {
            if let expression = next as? Expression, case .parameter(let name) = expression {
                if seen.insert(name).inserted { names.append(name) }
                continue
            }
            if next is String || next is Int64 || next is Double || next is Bool { continue }
            pending.append(contentsOf: Mirror(reflecting: next).children.map(\.value).reversed())
        }
        return names
    }
}
