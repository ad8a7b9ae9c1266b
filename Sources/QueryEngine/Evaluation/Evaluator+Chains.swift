import Cypher
import GraphValue
import Host

extension Evaluator {
    /// The longest string, in UTF-8 bytes, that concatenation and string functions may build.
    ///
    /// Doubling a string in `reduce` reaches any size in a few dozen steps, too few for the
    /// deadline checks to notice, so the size itself is bounded.
    static let maximumStringBytes = 256 * 1024 * 1024

    /// Evaluates a left-deep chain of binary operators, property lookups and subscripts, such as
    /// `a OR b OR c` or `m.a.b[0]`, with a loop along its left spine, so that a long chain does
    /// not recurse once per link. The right operands and indexes are evaluated recursively.
    func evaluateChain(_ top: Expression, _ row: Row) throws -> Value {
        var spine: [Expression] = []
        var base = top
        descent: while true {
            switch base {
            case .binary(_, let lhs, _), .property(let lhs, _), .subscript(let lhs, _):
                spine.append(base)
                base = lhs
                // A substituted subexpression, such as an aggregate after grouping, ends the chain.
                if !substitutions.isEmpty, substitutions[base] != nil { break descent }
            default:
                break descent
            }
        }
        var value = try evaluate(base, row)
        for link in spine.reversed() {
            switch link {
            case .binary(let op, _, let rhs):
                value = try binary(op, value, rhs, row)
            case .property(_, let key):
                value = try PropertyAccess.property(key, of: value, resolver: context)
            case .subscript(_, let index):
                value = try CollectionOperators.element(value, evaluate(index, row), resolver: context)
            default:
                preconditionFailure("the spine holds only chain links")
            }
        }
        return value
    }

    /// Fails when a built list is longer than the row limit, a built string longer than
    /// ``maximumStringBytes``, or the statement's built strings and byte arrays more than
    /// ``ExecutionBudget/maximumBuiltBytes`` in total; returns `value` otherwise.
    func checkSize(_ value: Value) throws(ServerError) -> Value {
        switch value {
        case .list(let items):
            try context.budget.checkCount(items.count)
        case .string(let text):
            let count = text.utf8.count
            if count > Self.maximumStringBytes {
                throw ServerError(
                    .memoryLimitExceeded,
                    "The statement builds a string of more than \(Self.maximumStringBytes) bytes; "
                        + "build smaller strings or split the work."
                )
            }
            try context.budget.chargeBuiltBytes(count)
        case .bytes(let bytes):
            try context.budget.chargeBuiltBytes(bytes.count)
        default:
            break
        }
        return value
    }
}
