import Host
import Synchronization

/// Account storage in memory, standing in for the SQLite repository.
final class MemoryAccountRepository: AccountRepository {
    private let accounts = Mutex<[String: Account]>([:])

    func loadAccounts() throws -> [Account] { accounts.withLock { Array($0.values) } }
    func saveAccount(_ account: Account) throws { accounts.withLock { $0[account.name] = account } }
    func deleteAccount(named name: String) throws { _ = accounts.withLock { $0.removeValue(forKey: name) } }
}

/// A salted SHA-256 password hash for account fixtures; this target does not link Argon2.
struct SaltedSHA256Hasher: PasswordHasher {
    func hash(_ password: Secret) throws -> String {
        let salt = Crypto.randomBytes(16)
        let digest = Crypto.sha256(salt + Array(password.reveal().utf8))
        return "$sha256$" + Base64URL.encode(salt) + "$" + Base64URL.encode(digest)
    }

    func verify(_ password: Secret, against encoded: String) throws -> Bool {
        let parts = encoded.split(separator: "$")
        guard parts.count == 3, parts[0] == "sha256", let salt = Base64URL.decode(parts[1]),
            let digest = Base64URL.decode(parts[2])
        else { throw ServerError(.unknownError, "malformed fixture hash") }
        return Crypto.constantTimeEqual(Crypto.sha256(salt + Array(password.reveal().utf8)), digest)
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let seconds: Atomic<Int64>

    init(_ start: Int64) { seconds = Atomic(start) }

    var now: Int64 { seconds.load(ordering: .relaxed) }
    func set(_ value: Int64) { seconds.store(value, ordering: .relaxed) }
    var function: @Sendable () -> Int64 { { self.now } }
}

enum AccountFixtures {
    static let pool = BlockingPool(name: "jwt-tests", threadCount: 2)

    static func manager(clock: TestClock) throws -> AccountManager {
        try AccountManager(
            repository: MemoryAccountRepository(),
            hasher: SaltedSHA256Hasher(),
            pool: pool,
            clock: clock.function
        )
    }
}
