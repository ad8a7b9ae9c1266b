import Host
import Synchronization

/// Revocation storage in memory, standing in for the SQLite repository.
final class MemoryRevocationRepository: RevocationRepository {
    private let records = Mutex<[String: Revocation]>([:])

    var stored: [Revocation] { records.withLock { $0.values.sorted { $0.tokenID < $1.tokenID } } }

    func loadRevocations() throws -> [Revocation] { stored }
    func saveRevocation(_ revocation: Revocation) throws { records.withLock { $0[revocation.tokenID] = revocation } }
    func deleteRevocations(expiredBefore time: Int64) throws {
        records.withLock { table in table = table.filter { ($0.value.expiresAt ?? .max) >= time } }
    }
}

enum RevocationFixtures {
    static func list(clock: TestClock, repository: MemoryRevocationRepository = MemoryRevocationRepository()) throws
        -> RevocationList
    {
        try RevocationList(repository: repository, pool: AccountFixtures.pool, clock: clock.function)
    }
}
