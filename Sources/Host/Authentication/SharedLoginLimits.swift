internal import Synchronization

/// The per-principal failed-login counts that servers sharing one account store keep together,
/// so that failures spread over several servers lock the principal on all of them.
///
/// Only the per-principal count is shared. Each server keeps its per-address budget to itself,
/// so an address that spreads its guesses over several servers gets each server's budget. The
/// per-principal lock, which guards each account, still counts all of them. A shared budget
/// would add a store round trip to every login, token logins included.
///
/// When the store cannot be reached, the calls return nil, and the server's own counts still
/// apply, so an outage neither locks everyone out nor lifts the local lock. The first failed
/// call logs a warning and the first call that succeeds again logs how many failed.
/// Failures a server counted during the outage are added to the shared count it reads later.
///
/// NOTE: attempts in flight count only on the server running them. Each server admits as many
/// concurrent password checks as the principal has failures left, so with N servers up to N
/// times that many guesses can run before the lock reaches them.
public struct SharedLoginLimits: Sendable {
    private let repository: any LoginFailureRepository
    private let limits: LoginLimits
    private let pool: BlockingPool
    private let logger: Logger
    /// The number of failed store calls since the last one that succeeded. Only the first failure
    /// and the recovery are logged, because every login during an outage calls the store.
    private let failedCalls = FailedCallCount()

    public init(repository: any LoginFailureRepository, limits: LoginLimits, pool: BlockingPool, logger: Logger) {
        self.repository = repository
        self.limits = limits
        self.pool = pool
        self.logger = logger
    }

    /// Returns the principal's shared count and lock before an attempt.
    func current(_ principal: String) async -> SharedLoginFailures? {
        let repository = self.repository
        let key = LoginThrottle.key(for: principal)
        return await run("read") { try repository.loginFailures(forKey: key) }
    }

    /// Adds a failure and returns the count and lock after it.
    func recordFailure(_ principal: String) async -> SharedLoginFailures? {
        let (repository, limits) = (self.repository, self.limits)
        let key = LoginThrottle.key(for: principal)
        return await run("record") { try repository.recordLoginFailure(forKey: key, limits: limits) }
    }

    /// Resets the count after a successful login.
    func reset(_ principal: String) async {
        let repository = self.repository
        let key = LoginThrottle.key(for: principal)
        _ = await run("reset") { try repository.resetLoginFailures(forKey: key) }
    }

    private func run<T: Sendable>(_ action: String, _ body: @escaping @Sendable () throws -> T) async -> T? {
        do {
            let result = try await pool.run(body)
            let failed = failedCalls.count.exchange(0, ordering: .relaxed)
            if failed > 0 {
                logger.info(
                    "The shared failed-login count is reachable again",
                    metadata: ["failed_calls": String(failed)]
                )
            }
            return result
        } catch {
            let failed = failedCalls.count.wrappingAdd(1, ordering: .relaxed).newValue
            if failed == 1 {
                logger.warning(
                    "Failed to \(action) the shared failed-login count; only this server's count applies "
                        + "until the store is reachable again",
                    metadata: ["error": "\(error)"]
                )
            }
            return nil
        }
    }
}

/// A counter that copies of ``SharedLoginLimits`` share.
private final class FailedCallCount: Sendable {
    let count = Atomic<Int>(0)
}
