import Foundation
import GraphValue
import Host

/// Scalar functions that belong to no other group: `nullIf` and `randomUUID`.
enum ScalarFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("nullIf", arity: 2) { args, _ in
            // Equal operands give null; incomparable or null ones keep the first value.
            args[0].cypherEquals(args[1]) == true ? .null : args[0]
        },
        FunctionDefinition("randomUUID", arity: 0) { _, _ in
            .string(UUID().uuidString.lowercased())
        },
    ]
}
