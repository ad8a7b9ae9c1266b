import Foundation
import Testing

@testable import Host

/// Edge cases of the failed-login limits and the security log file.
@Suite struct SecurityEdgeCaseTests {
    let clock = ManualClock(1_000_000_000_000)

    func advance(seconds: Double) { clock.set(clock.function() + Int64(seconds * 1e9)) }

    func fail(_ throttle: LoginThrottle, _ principal: String) async throws {
        let attempt = try await throttle.start(principal: principal, address: "10.0.0.1")
        throttle.finish(attempt, outcome: .failed)
    }

    /// A full table never drops a locked principal, so new names cannot end a lock early.
    @Test func lockSurvivesFullTable() async throws {
        let limiter = LoginThrottle(
            limits: LoginLimits(maximumFailedAttempts: 3, lockoutSeconds: 300, maximumFailuresPerAddressPerMinute: 0),
            maximumEntries: 10,
            clock: clock.function
        )
        for _ in 0..<3 { try await fail(limiter, "admin") }
        #expect(limiter.isLocked("admin"))
        for index in 0..<10 {
            advance(seconds: 1)
            try await fail(limiter, "filler\(index)")
        }
        #expect(limiter.isLocked("admin"))
    }

    /// `open(2)` applies the mode only when it creates the file, so an existing wider file, such as
    /// one logrotate created, must be narrowed.
    @Test func existingFileNarrowedToOwner() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        let log = try AuditLog(destination: .file(path: path), errorLogger: Logger(label: "test"))
        log.record(SecurityEvent(.serverStart))
        log.close()
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    /// JSON allows U+2028, U+2029 and U+0085 unescaped, but many line readers (Python's
    /// `str.splitlines`, several log shippers) end a line there, so they are escaped.
    @Test func lineSeparatorsEscaped() {
        let line = AuditLog.line(
            for: SecurityEvent(.authenticationFailure, ["principal": "x\u{2028}{\"event\":\"forged\"}\u{85}"]),
            at: 0
        )
        #expect(!line.unicodeScalars.contains("\u{2028}"))
        #expect(!line.unicodeScalars.contains("\u{85}"))
    }
}

@Suite struct PrincipalKeyTests {
    @Test(arguments: [
        ("alice", "alice"), ("ALICE", "alice"), ("ａｌｉｃｅ", "alice"), ("𝐚lice", "alice"), ("  alice  ", "alice"),
        ("Jane   Doe", "jane doe"), ("ﬁona", "fiona"),
    ])
    func keyFolds(name: String, key: String) {
        #expect(LoginThrottle.key(for: name) == key)
    }

    @Test func longNamesHashed() {
        let key = LoginThrottle.key(for: String(repeating: "a", count: 100_000))
        #expect(key.hasPrefix("sha256:"))
        #expect(key.utf8.count < 100)
    }

    @Test(arguments: [
        ("127.0.0.1", "127.0.0.1"), ("::ffff:10.1.2.3", "10.1.2.3"), ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::9", "2001:db8:1:2::/64"), ("fe80::1%eth0", "fe80:0:0:0::/64"),
    ])
    func addressKeys(address: String, key: String) {
        #expect(LoginThrottle.addressKey(for: address) == key)
    }
}

@Suite struct AddressBudgetTests {
    @Test func inFlightAttemptsCount() async throws {
        let clock = ManualClock(1_000_000_000_000)
        let limiter = LoginThrottle(
            limits: LoginLimits(maximumFailedAttempts: 0, maximumFailuresPerAddressPerMinute: 3),
            clock: clock.function
        )
        // Forty concurrent guesses from one address: only the budget's three are checked.
        let checked = await withTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    guard let attempt = try? await limiter.start(principal: "user\(index)", address: "10.0.0.1") else {
                        return 0
                    }
                    try? await Task.sleep(for: .milliseconds(5))
                    limiter.finish(attempt, outcome: .failed)
                    return 1
                }
            }
            return await group.reduce(0, +)
        }
        #expect(checked == 3)
    }

    @Test func sameNetworkSharesBudget() async throws {
        let limiter = LoginThrottle(
            limits: LoginLimits(maximumFailedAttempts: 0, maximumFailuresPerAddressPerMinute: 2)
        )
        for host in ["2001:db8::1", "2001:db8::2"] {
            let attempt = try await limiter.start(principal: "x", address: host)
            limiter.finish(attempt, outcome: .failed)
        }
        #expect(throws: LoginThrottle.Refusal.addressLimited) { try limiter.checkAddress("2001:db8::3") }
        #expect(throws: Never.self) { try limiter.checkAddress("2001:db8:0:1::3") }
    }
}
