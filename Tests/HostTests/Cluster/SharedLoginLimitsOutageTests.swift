import Testing

@testable import Host

/// A shared failed-login store that fails every call until `isDown` turns false.
final class FlakyLoginFailureRepository: LoginFailureRepository, @unchecked Sendable {
    struct Unreachable: Error {}
    var isDown = true

    func loginFailures(forKey key: String) throws -> SharedLoginFailures {
        if isDown { throw Unreachable() }
        return SharedLoginFailures(failures: 0, lockRemainingMilliseconds: 0)
    }

    func recordLoginFailure(forKey key: String, limits: LoginLimits) throws -> SharedLoginFailures {
        if isDown { throw Unreachable() }
        return SharedLoginFailures(failures: 1, lockRemainingMilliseconds: 0)
    }

    func resetLoginFailures(forKey key: String) throws {
        if isDown { throw Unreachable() }
    }
}

@Suite struct SharedLoginLimitsOutageTests {
    static let pool = BlockingPool(name: "shared-login-tests", threadCount: 2)

    /// Every login during an outage calls the store, so only the first failure and the recovery
    /// are logged.
    @Test func outageLoggedOnce() async {
        let sink = LogSink.memory()
        let repository = FlakyLoginFailureRepository()
        let limits = SharedLoginLimits(
            repository: repository,
            limits: LoginLimits(),
            pool: Self.pool,
            logger: Logger(label: "test", sink: sink)
        )
        for _ in 0..<20 {
            #expect(await limits.current("alice") == nil)
            #expect(await limits.recordFailure("alice") == nil)
        }
        let warnings = sink.recorded.filter { $0.level == .warning }
        repository.isDown = false
        #expect(await limits.current("alice") != nil)
        let infos = sink.recorded.filter { $0.level == .info }
        #expect(warnings.count == 1)
        #expect(infos.count == 1)
    }
}
