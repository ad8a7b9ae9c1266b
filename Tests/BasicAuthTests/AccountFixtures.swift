import BasicAuth
import Host
import Synchronization

/// Account storage in memory, standing in for the SQLite repository.
final class MemoryAccountRepository: AccountRepository {
    private let accounts = Mutex<[String: Account]>([:])

    func loadAccounts() throws -> [Account] { accounts.withLock { Array($0.values) } }
    func saveAccount(_ account: Account) throws { accounts.withLock { $0[account.name] = account } }
    func deleteAccount(named name: String) throws { _ = accounts.withLock { $0.removeValue(forKey: name) } }
}

enum AccountFixtures {
    static let pool = BlockingPool(name: "basic-auth-tests", threadCount: 2)

    /// An account manager with the real Argon2id hasher at its cheap test setting.
    static func manager() throws -> AccountManager {
        try AccountManager(
            repository: MemoryAccountRepository(),
            hasher: Argon2idHasher(parameters: .testing),
            pool: pool
        )
    }
}
