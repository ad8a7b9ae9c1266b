import Foundation
import Testing

@testable import Host

/// Cases where the failed-login limits or the security log do not yet do what the README and
/// their documentation comments state; each is a known issue until the code is fixed.
@Suite struct LockoutKnownIssueTests {
    let clock = ManualClock(1_000_000_000_000)

    func advance(seconds: Double) { clock.set(clock.function() + Int64(seconds * 1e9)) }

    func fail(_ throttle: LoginThrottle, _ principal: String) async throws {
        let attempt = try await throttle.start(principal: principal, address: "10.0.0.1")
        throttle.finish(attempt, outcome: .failed)
    }

    /// `evictPrincipals` documents that it drops "the unlocked ones with the oldest failures",
    /// but its second pass removes locked principals too, so new names end a lock early.
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
        withKnownIssue("evictPrincipals removes locked principals when the table is full") {
            #expect(limiter.isLocked("admin"))
        }
    }

    /// The README states that the file "is opened for appending with mode 0600"; `open(2)` applies the
    /// mode only when it creates the file, so an existing wider file stays readable by others.
    @Test func existingFileNarrowedToOwner() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        let log = try AuditLog(destination: .file(path: path), errorLogger: Logger(label: "test"))
        log.record(SecurityEvent(.serverStart))
        log.close()
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        withKnownIssue("AuditLog.open keeps the mode of an existing file") {
            #expect(permissions == 0o600)
        }
    }

    /// JSON allows U+2028, U+2029 and U+0085 unescaped, but many line readers (Python's
    /// `str.splitlines`, JavaScript, several log shippers) end a line there, so a user name
    /// carrying them splits one entry into several.
    @Test func lineSeparatorsEscaped() {
        let line = AuditLog.line(
            for: SecurityEvent(.authenticationFailure, ["principal": "x\u{2028}{\"event\":\"forged\"}\u{85}"]),
            at: 0
        )
        withKnownIssue("JSONWriter leaves U+2028, U+2029 and U+0085 unescaped") {
            #expect(!line.unicodeScalars.contains("\u{2028}"))
            #expect(!line.unicodeScalars.contains("\u{85}"))
        }
    }
}
