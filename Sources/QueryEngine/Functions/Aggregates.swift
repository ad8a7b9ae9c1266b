import Foundation
import GraphValue
import Host

/// The aggregating functions. `count(*)` is `count` fed one non-null value per row.
enum AggregateKind: String, Sendable, CaseIterable {
    case count, sum, avg, min, max, collect
    case stDev = "stdev"
    case stDevP = "stdevp"

    /// The kind for a function name, ignoring case; nil for a scalar function.
    init?(functionName: String) {
        self.init(rawValue: functionName.lowercased())
    }
}

/// The running state of one aggregate for one group.
///
/// Null inputs are skipped by every kind. With DISTINCT, equivalent inputs count once.
struct Aggregator {
    let kind: AggregateKind
    private var seen: Set<EquivalenceKey>?
    private var count: Int64 = 0
    private var integerSum: Int64 = 0
    private var floatSum: Double = 0
    private var sawFloat = false
    private var extreme: Value = .null
    private var items: [Value] = []
    private var numbers: [Double] = []

    /// The most values `collect` and `stDev` keep, and DISTINCT remembers, for one group.
    private let maximumItems: Int

    init(kind: AggregateKind, distinct: Bool, maximumItems: Int = .max) {
        self.kind = kind
        self.seen = distinct ? [] : nil
        self.maximumItems = maximumItems
    }

    mutating func add(_ value: Value) throws(ServerError) {
        if value.isNull { return }
        if seen != nil {
            guard seen?.insert(EquivalenceKey(value)).inserted == true else { return }
            if let seen, seen.count > maximumItems { throw tooManyItems }
        }
        count += 1
        switch kind {
        case .count:
            break
        case .sum, .avg:
            try addNumber(value)
        case .min:
            if extreme.isNull || GlobalOrder.compare(value, extreme) < 0 { extreme = value }
        case .max:
            if extreme.isNull || GlobalOrder.compare(value, extreme) > 0 { extreme = value }
        case .collect:
            try Nesting.checkElement(value)
            items.append(value)
            if items.count > maximumItems { throw tooManyItems }
        case .stDev, .stDevP:
            numbers.append(try Arguments.number(value, kind.rawValue))
            if numbers.count > maximumItems { throw tooManyItems }
        }
    }

    private var tooManyItems: ServerError { ExecutionBudget.memoryExceeded(limit: maximumItems) }

    private mutating func addNumber(_ value: Value) throws(ServerError) {
        switch value {
        case .integer(let i) where !sawFloat:
            let (sum, overflowed) = integerSum.addingReportingOverflow(i)
            if overflowed { throw Arithmetic.overflow }
            integerSum = sum
        case .integer(let i):
            floatSum += Double(i)
        case .float(let d):
            if !sawFloat {
                sawFloat = true
                floatSum = Double(integerSum)
            }
            floatSum += d
        default:
            throw ServerError(
                .typeError,
                "\(kind.rawValue)() can only handle numerical values, but got \(value.typeName)"
            )
        }
    }

    func result() -> Value {
        switch kind {
        case .count:
            return .integer(count)
        case .sum:
            return sawFloat ? .float(floatSum) : .integer(integerSum)
        case .avg:
            if count == 0 { return .null }
            return .float((sawFloat ? floatSum : Double(integerSum)) / Double(count))
        case .min, .max:
            return extreme
        case .collect:
            return .list(items)
        case .stDev, .stDevP:
            return .float(standardDeviation(sample: kind == .stDev))
        }
    }

    private func standardDeviation(sample: Bool) -> Double {
        let divisor = Double(numbers.count - (sample ? 1 : 0))
        guard divisor > 0 else { return 0 }
        let mean = numbers.reduce(0, +) / Double(numbers.count)
        let squares = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / divisor).squareRoot()
    }
}
