import Host
import Synchronization

/// A bounded cache of prepared statements keyed by query text, safe to share across threads.
///
/// When it grows past its capacity it drops the least recently used tenth of its entries at
/// once, so eviction costs O(n log n) only every capacity/10 insertions.
final class ParseCache: Sendable {
    private struct Entry {
        var statement: PreparedStatement
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0
    }

    let capacity: Int
    private let state = SleepingLock(State())

    init(capacity: Int) {
        self.capacity = max(capacity, 0)
    }

    func statement(for text: String) -> PreparedStatement? {
        state.withLock { state in
            guard var entry = state.entries[text] else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[text] = entry
            return entry.statement
        }
    }

    func insert(_ statement: PreparedStatement, for text: String) {
        guard capacity > 0 else { return }
        state.withLock { state in
            state.clock += 1
            state.entries[text] = Entry(statement: statement, lastUse: state.clock)
            guard state.entries.count > capacity else { return }
            let dropCount = max(1, capacity / 10)
            let oldest = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(dropCount)
            for (key, _) in oldest { state.entries[key] = nil }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
