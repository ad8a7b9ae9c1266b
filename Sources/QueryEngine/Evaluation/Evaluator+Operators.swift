import Cypher
import Foundation
import GraphValue
import Host

extension Evaluator {
    /// Applies a binary operator to its evaluated left side; AND and OR skip their right side
    /// when the left decides the result.
    func binary(_ op: BinaryOperator, _ lhs: Value, _ rhsExpression: Cypher.Expression, _ row: Row) throws -> Value {
        switch op {
        case .and:
            let left = try Logic.operand(lhs, of: "AND")
            if left == false { return false }
            return Logic.and(left, try Logic.operand(evaluate(rhsExpression, row), of: "AND")).value
        case .or:
            let left = try Logic.operand(lhs, of: "OR")
            if left == true { return true }
            return Logic.or(left, try Logic.operand(evaluate(rhsExpression, row), of: "OR")).value
        default:
            break
        }
        let rhs = try evaluate(rhsExpression, row)
        switch op {
        case .and, .or:
            return .null
        case .xor:
            return Logic.xor(try Logic.operand(lhs, of: "XOR"), try Logic.operand(rhs, of: "XOR")).value
        case .equal:
            return lhs.cypherEquals(rhs).value
        case .notEqual:
            return Logic.not(lhs.cypherEquals(rhs)).value
        case .less:
            return lhs.compare(rhs) { $0 < 0 }.value
        case .greater:
            return lhs.compare(rhs) { $0 > 0 }.value
        case .lessOrEqual:
            return lhs.compare(rhs) { $0 <= 0 }.value
        case .greaterOrEqual:
            return lhs.compare(rhs) { $0 >= 0 }.value
        case .in:
            return try CollectionOperators.contains(rhs, lhs)
        case .startsWith:
            return CollectionOperators.test(.startsWith, lhs, rhs)
        case .endsWith:
            return CollectionOperators.test(.endsWith, lhs, rhs)
        case .contains:
            return CollectionOperators.test(.contains, lhs, rhs)
        case .regexMatch:
            return try Self.regexMatch(lhs, rhs)
        case .add:
            return try checkSize(Arithmetic.add(lhs, rhs))
        case .subtract:
            return try Arithmetic.subtract(lhs, rhs)
        case .multiply:
            return try Arithmetic.multiply(lhs, rhs)
        case .divide:
            return try Arithmetic.divide(lhs, rhs)
        case .modulo:
            return try Arithmetic.modulo(lhs, rhs)
        case .power:
            return try Arithmetic.power(lhs, rhs)
        }
    }

    /// `=~` matches the whole string, as Java's `Pattern.matches` does.
    static func regexMatch(_ lhs: Value, _ rhs: Value) throws -> Value {
        guard case .string(let text) = lhs, case .string(let pattern) = rhs else { return .null }
        let expression: NSRegularExpression
        do {
            expression = try NSRegularExpression(pattern: "^(?:" + pattern + ")$", options: [])
        } catch {
            throw ServerError(.argumentError, "Invalid Regex: \(pattern)")
        }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return .boolean(expression.firstMatch(in: text, options: [], range: range) != nil)
    }

    func evaluateCase(_ caseExpression: CaseExpression, _ row: Row) throws -> Value {
        let subject = try caseExpression.subject.map { try evaluate($0, row) }
        for alternative in caseExpression.alternatives {
            let condition = try evaluate(alternative.condition, row)
            let matched = subject.map { $0.cypherEquals(condition) == true } ?? (condition == .boolean(true))
            if matched { return try evaluate(alternative.result, row) }
        }
        return try caseExpression.defaultValue.map { try evaluate($0, row) } ?? .null
    }

    func evaluateComprehension(_ comprehension: ListComprehension, _ row: Row) throws -> Value {
        guard let items = try listOperand(comprehension.list, row) else { return .null }
        var result: [Value] = []
        var inner = row
        for item in items {
            try context.budget.checkpoint()
            inner[comprehension.variable] = item
            if let predicate = comprehension.predicate, try !isTrue(predicate, inner) { continue }
            result.append(try comprehension.projection.map { try evaluate($0, inner) } ?? item)
        }
        return try Nesting.check(.list(result))
    }

    func evaluateQuantifier(_ quantifier: Quantifier, _ row: Row) throws -> Value {
        guard let items = try listOperand(quantifier.list, row) else { return .null }
        var trueCount = 0
        var nullCount = 0
        var inner = row
        for item in items {
            try context.budget.checkpoint()
            inner[quantifier.variable] = item
            let verdict = try quantifier.predicate.map {
                try Logic.operand(evaluate($0, inner), of: quantifier.kind.rawValue)
            }
            switch verdict ?? true {
            case .some(true): trueCount += 1
            case .none: nullCount += 1
            case .some(false): break
            }
        }
        let falseCount = items.count - trueCount - nullCount
        switch quantifier.kind {
        case .all: return falseCount > 0 ? false : (nullCount > 0 ? .null : true)
        case .any: return trueCount > 0 ? true : (nullCount > 0 ? .null : false)
        case .none: return trueCount > 0 ? false : (nullCount > 0 ? .null : true)
        case .single:
            if trueCount > 1 { return false }
            if nullCount > 0 { return .null }
            return .boolean(trueCount == 1)
        }
    }

    func evaluateReduce(_ reduce: Reduce, _ row: Row) throws -> Value {
        var accumulator = try evaluate(reduce.initial, row)
        guard let items = try listOperand(reduce.list, row) else { return .null }
        var inner = row
        for item in items {
            try context.budget.checkpoint()
            inner[reduce.accumulator] = accumulator
            inner[reduce.variable] = item
            accumulator = try evaluate(reduce.expression, inner)
        }
        return accumulator
    }

    func evaluateMapProjection(_ projection: MapProjection, _ row: Row) throws -> Value {
        let subject = try evaluate(.variable(projection.variable), row)
        if subject.isNull { return .null }
        var result: [String: Value] = [:]
        for item in projection.items {
            switch item {
            case .property(let key):
                result[key] = try PropertyAccess.property(key, of: subject, resolver: context)
            case .allProperties:
                let all = try FunctionRegistry.validate(name: "properties", argumentCount: 1).body([subject], context)
                if case .map(let entries) = all { result.merge(entries) { _, new in new } }
            case .literal(let key, let value):
                result[key] = try evaluate(value, row)
            case .variable(let name):
                result[name] = try evaluate(.variable(name), row)
            }
        }
        return try Nesting.check(.map(result))
    }

    func evaluatePatternComprehension(_ comprehension: PatternComprehension, _ row: Row) throws -> Value {
        let matcher = PatternMatcher(context: context, evaluator: self)
        let part = PatternPart(variable: comprehension.pathVariable, element: comprehension.element)
        var result: [Value] = []
        try matcher.match([part], from: row) { match in
            if let predicate = comprehension.predicate, try !isTrue(predicate, match) { return true }
            result.append(try evaluate(comprehension.projection, match))
            try context.budget.checkCount(result.count)
            return true
        }
        return try Nesting.check(.list(result))
    }

    /// Evaluates the list an iteration runs over, returning nil when it is null.
    private func listOperand(_ expression: Cypher.Expression, _ row: Row) throws -> [Value]? {
        switch try evaluate(expression, row) {
        case .null: return nil
        case .list(let items): return items
        case let other:
            throw ServerError(.typeError, "Type mismatch: expected a List but was \(other.typeName)")
        }
    }
}
