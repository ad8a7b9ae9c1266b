import Cypher
import Host

/// The compile-time check of function calls: every call names a known function with a valid
/// number of arguments, even in a branch that never runs, as in Neo4j 5.
enum FunctionValidation {
    /// Fails with `SyntaxError` at the first call of an unknown function or with the wrong
    /// number of arguments.
    static func check(_ query: Query) throws(ServerError) {
        var pending: [Any] = [query]
        while let next = pending.popLast() {
            if let call = next as? FunctionCall { try check(call) }
            if next is String || next is Int64 || next is Double || next is Bool { continue }
            pending.append(contentsOf: Mirror(reflecting: next).children.map(\.value))
        }
    }

    private static func check(_ call: FunctionCall) throws(ServerError) {
        // The projection planner checks the argument count of aggregates.
        if AggregateKind(functionName: call.lookupName) != nil { return }
        _ = try FunctionRegistry.validate(name: call.lookupName, argumentCount: call.arguments.count)
    }
}
