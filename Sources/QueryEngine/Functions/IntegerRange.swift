import GraphValue
import Host

/// The integers `range(start, end, step)` produces, checked but not yet built, so UNWIND can
/// stream them one by one.
struct IntegerRange: Sequence {
    let start: Int64
    let step: Int64
    /// The number of steps after `start`, or nil when the range is empty. It is counted in
    /// UInt64 because `end - start` may overflow Int64, and the element count, steps + 1, may
    /// overflow UInt64 too.
    let steps: UInt64?

    /// Checks the arguments of `range()`: two or three integers and a step other than 0.
    ///
    /// - Throws: `ArgumentError` for an argument that is not an integer (floats such as 1.0
    ///   included, as the openCypher TCK expects) or for a step of 0.
    init(arguments: [Value]) throws(ServerError) {
        let start = try Self.integer(arguments[0], "start")
        let end = try Self.integer(arguments[1], "end")
        let step = arguments.count > 2 ? try Self.integer(arguments[2], "step") : 1
        if step == 0 { throw ServerError(.argumentError, "Step argument to range() can't be 0") }
        self.start = start
        self.step = step
        if (step > 0 && start > end) || (step < 0 && start < end) {
            steps = nil
        } else {
            let distance = step > 0 ? UInt64(bitPattern: end &- start) : UInt64(bitPattern: start &- end)
            steps = distance / step.magnitude
        }
    }

    private static func integer(_ value: Value, _ name: String) throws(ServerError) -> Int64 {
        guard case .integer(let number) = value else {
            throw ServerError(
                .argumentError,
                "Invalid argument for range(): \(name) must be an Integer, but got \(value.typeName) "
                    + "\(ValueText.literal(value))"
            )
        }
        return number
    }

    func makeIterator() -> Iterator { Iterator(upcoming: start, step: step, remainingSteps: steps) }

    struct Iterator: IteratorProtocol {
        var upcoming: Int64
        let step: Int64
        /// The steps still to take after returning `upcoming`, or nil once the range is exhausted.
        var remainingSteps: UInt64?

        mutating func next() -> Int64? {
            guard let remaining = remainingSteps else { return nil }
            let current = upcoming
            if remaining == 0 {
                remainingSteps = nil
            } else {
                // Every element lies between start and end, so this addition cannot overflow.
                upcoming = current &+ step
                remainingSteps = remaining - 1
            }
            return current
        }
    }
}
