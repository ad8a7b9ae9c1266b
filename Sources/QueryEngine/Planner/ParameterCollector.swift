import Cypher

/// Finds every `$parameter` a statement refers to, in order of first appearance.
///
/// It walks the syntax tree by reflection, so new clause and expression forms are covered
/// without changes here.
enum ParameterCollector {
    static func names(in subject: Any) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        collect(subject, &names, &seen)
        return names
    }

    private static func collect(_ subject: Any, _ names: inout [String], _ seen: inout Set<String>) {
        if let expression = subject as? Expression, case .parameter(let name) = expression {
            if seen.insert(name).inserted { names.append(name) }
            return
        }
        if subject is String || subject is Int64 || subject is Double || subject is Bool { return }
        for child in Mirror(reflecting: subject).children {
            collect(child.value, &names, &seen)
        }
    }
}
