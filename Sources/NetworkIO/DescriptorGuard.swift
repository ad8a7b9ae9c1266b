internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// Lets system calls on one descriptor run at the same time, and closing wait for them.
///
/// Each call runs between ``enter()`` and ``leave()``; ``close()`` refuses new calls and then
/// waits for the ones in progress. The calls it guards are non-blocking, except a direct read's
/// `ppoll` of at most a few milliseconds, so that wait is short.
final class DescriptorGuard: Sendable {
    private static let closedBit = 1 << 62
    /// The number of calls in progress, plus ``closedBit`` once closing began.
    private let word = Atomic<Int>(0)

    /// Starts a call; returns false when the descriptor is closed or closing.
    func enter() -> Bool {
        var current = word.load(ordering: .relaxed)
        while current & Self.closedBit == 0 {
            let (exchanged, original) = word.compareExchange(
                expected: current,
                desired: current + 1,
                ordering: .acquiring
            )
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Ends a call that ``enter()`` started.
    func leave() {
        word.subtract(1, ordering: .releasing)
    }

    /// Refuses new calls and waits until none is in progress. Returns true for the one caller
    /// that should now close the descriptor, false for every later one.
    func close() -> Bool {
        let previous = word.bitwiseOr(Self.closedBit, ordering: .acquiringAndReleasing).oldValue
        guard previous & Self.closedBit == 0 else { return false }
        while word.load(ordering: .acquiring) != Self.closedBit { sched_yield() }
        return true
    }
}
