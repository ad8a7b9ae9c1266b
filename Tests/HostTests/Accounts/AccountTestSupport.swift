import Foundation
import GraphValue
import Synchronization
import Testing

@testable import Host

/// Account storage in memory that counts its batched writes.
final class MemoryAccountRepository: AccountRepository {
    private let state = Mutex<(accounts: [String: Account], batches: Int)>(([:], 0))

    var batches: Int { state.withLock { $0.batches } }

    func loadAccounts() throws -> [Account] { state.withLock { Array($0.accounts.values) } }
    func saveAccount(_ account: Account) throws { try apply([.save(account)]) }
    func deleteAccount(named name: String) throws { try apply([.delete(name: name)]) }

    func apply(_ changes: [AccountChange]) throws {
        state.withLock { state in
            state.batches += 1
            for change in changes {
                switch change {
                case .save(let account): state.accounts[account.name] = account
                case .delete(let name): state.accounts[name] = nil
                }
            }
        }
    }

    func stored(_ name: String) -> Account? { state.withLock { $0.accounts[name] } }
}

/// A cheap stand-in for Argon2id whose `hash` can be held until a test releases it, so a test
/// can run a change while another one is hashing.
final class GatedHasher: PasswordHasher {
    private let gate = Mutex<(held: Bool, waiting: Int)>((false, 0))
    private let released = NSCondition()

    /// Makes later `hash` calls wait until ``release()``.
    func hold() { gate.withLock { $0.held = true } }

    func release() {
        released.lock()
        gate.withLock { $0.held = false }
        released.broadcast()
        released.unlock()
    }

    /// The number of `hash` calls waiting for ``release()``.
    var waiting: Int { gate.withLock { $0.waiting } }

    func hash(_ password: Secret) throws -> String {
        released.lock()
        gate.withLock { $0.waiting += 1 }
        while gate.withLock({ $0.held }) { released.wait() }
        gate.withLock { $0.waiting -= 1 }
        released.unlock()
        return "$fake$" + password.reveal()
    }

    func verify(_ password: Secret, against encoded: String) throws -> Bool { encoded == "$fake$" + password.reveal() }
}

enum AccountTestSupport {
    static let pool = BlockingPool(name: "host-account-tests", threadCount: 4)

    static func manager(
        _ repository: MemoryAccountRepository = MemoryAccountRepository(),
        hasher: GatedHasher = GatedHasher()
    ) throws -> AccountManager {
        try AccountManager(repository: repository, hasher: hasher, pool: pool)
    }

    /// Waits until `condition` holds, polling every few milliseconds for at most two seconds.
    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<400 where !condition() { try await Task.sleep(for: .milliseconds(5)) }
        #expect(condition())
    }
}
