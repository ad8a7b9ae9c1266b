import Synchronization

/// Bounds how many ``APIFixture``s are open at once.
///
/// Swift Testing starts every test of the target at once. Each fixture keeps a few dozen
/// descriptors for its SQLite files, so on a slow machine the open fixtures could reach the
/// process's descriptor limit and fail tests with storage errors. A fixture waits here, without
/// holding a thread, until fewer than ``limit`` are open.
final class FixtureGate: Sendable {
    static let shared = FixtureGate(limit: 24)

    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(available: limit))
    }

    /// Returns once the caller has one of the places.
    func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = state.withLock { state -> Bool in
                guard state.available > 0 else {
                    state.waiters.append(continuation)
                    return false
                }
                state.available -= 1
                return true
            }
            if admitted { continuation.resume() }
        }
    }

    /// Gives back a place taken by ``enter()``, to the longest waiter if there is one.
    func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
