import Foundation
import GraphValue
import Host

/// The aggregating functions. `count(*)` is `count` fed one non-null value per row.
enum AggregateKind: String, Sendable, CaseIterable {
    case count, sum, avg, min, max, collect
    case stDev = "stdev"
    case stDevP = "stdevp"
    case percentileDisc = "percentiledisc"
    case percentileCont = "percentilecont"

    /// The kind for a function name, ignoring case; nil for a scalar function.
    init?(functionName: String) {
        self.init(rawValue: functionName.lowercased())
    }

    /// The number of arguments: the aggregated value, and for the percentiles the percentile.
    var argumentCount: Int {
        switch self {
        case .percentileDisc, .percentileCont: 2
        default: 1
        }
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
    /// The running total of `sum` and `avg` over durations, or nil before the first duration.
    private var durationSum: Value?
    private var extreme: Value = .null
    private var items: [Value] = []
    private var numbers: [Double] = []
    /// The percentile of `percentileDisc` and `percentileCont`, from 0 to 1.
    private var percentile: Double = 0

    /// The maximum number of values `collect`, `stDev` and the percentiles keep, and DISTINCT
    /// remembers, for one group.
    private let maximumItems: Int

    init(kind: AggregateKind, distinct: Bool, maximumItems: Int = .max) {
        self.kind = kind
        self.seen = distinct ? [] : nil
        self.maximumItems = maximumItems
    }

    /// Adds one row's arguments: the aggregated value, and for the percentiles the percentile.
    mutating func add(_ arguments: [Value]) throws(ServerError) {
        if kind.argumentCount == 2 { percentile = try Self.percentile(arguments[1], kind.rawValue) }
        try add(arguments[0])
    }

    /// Adds one aggregated value; the percentile kinds take theirs from ``add(_:)-([Value])``.
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
        case .stDev, .stDevP, .percentileDisc, .percentileCont:
            numbers.append(try Arguments.number(value, kind.rawValue))
            if numbers.count > maximumItems { throw tooManyItems }
            if kind == .percentileDisc { items.append(value) }
        }
    }

    private static func percentile(_ value: Value, _ function: String) throws(ServerError) -> Double {
        guard let number = value.doubleValue, number >= 0, number <= 1 else {
            throw ServerError(
                .argumentError,
                "Invalid input '\(ValueText.literal(value))' for the percentile of \(function)(): "
                    + "it must be a number in the range 0.0 to 1.0"
            )
        }
        return number
    }

    private var tooManyItems: ServerError { ExecutionBudget.memoryExceeded(limit: maximumItems) }

    private mutating func addNumber(_ value: Value) throws(ServerError) {
        // `count` already includes this value, so any earlier value was a number or a duration.
        let sawNumber = count > 1 && durationSum == nil
        if case .duration = value {
            if sawNumber { throw mixedNumbersAndDurations }
            if let total = durationSum {
                durationSum = try DurationArithmetic.add(total, value)
            } else {
                durationSum = value
            }
            return
        }
        if durationSum != nil, value.isNumber { throw mixedNumbersAndDurations }
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
                "\(kind.rawValue)() can only handle numerical values and durations, but got \(value.typeName)"
            )
        }
    }

    private var mixedNumbersAndDurations: ServerError {
        ServerError(.typeError, "\(kind.rawValue)() cannot mix numbers and durations in one group")
    }

    func result() throws(ServerError) -> Value {
        switch kind {
        case .count:
            return .integer(count)
        case .sum:
            if let durationSum { return durationSum }
            return sawFloat ? .float(floatSum) : .integer(integerSum)
        case .avg:
            if count == 0 { return .null }
            if let durationSum { return try DurationArithmetic.divide(durationSum, .integer(count)) ?? .null }
            return .float((sawFloat ? floatSum : Double(integerSum)) / Double(count))
        case .min, .max:
            return extreme
        case .collect:
            return .list(items)
        case .stDev, .stDevP:
            return .float(standardDeviation(sample: kind == .stDev))
        case .percentileDisc:
            return discretePercentile()
        case .percentileCont:
            return continuousPercentile()
        }
    }

    /// Returns the smallest input with at least `percentile` of the inputs at or below it,
    /// unconverted: the sorted input at index ceil(percentile * count) - 1, or the first.
    private func discretePercentile() -> Value {
        guard !items.isEmpty else { return .null }
        let order = items.indices.sorted { numbers[$0] < numbers[$1] }
        let position = (percentile * Double(items.count)).rounded(.up) - 1
        return items[order[max(0, Int(position))]]
    }

    /// Returns the percentile interpolated linearly between the two nearest inputs, as a float.
    private func continuousPercentile() -> Value {
        guard !numbers.isEmpty else { return .null }
        let sorted = numbers.sorted()
        let position = percentile * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Int(position.rounded(.up))
        let fraction = position - Double(lower)
        return .float(sorted[lower] + fraction * (sorted[upper] - sorted[lower]))
    }

    private func standardDeviation(sample: Bool) -> Double {
        let divisor = Double(numbers.count - (sample ? 1 : 0))
        guard divisor > 0 else { return 0 }
        let mean = numbers.reduce(0, +) / Double(numbers.count)
        let squares = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / divisor).squareRoot()
    }
}
