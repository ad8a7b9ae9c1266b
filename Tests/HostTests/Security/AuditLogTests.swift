import Foundation
import JSON
import Testing

@testable import Host

@Suite struct AuditLogTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).log").path
    }

    func lines(_ path: String) throws -> [[String: JSONValue]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard case .object(let members) = try StrictJSONParser.parse(Array(line.utf8)) else {
                Issue.record("line is not a JSON object: \(line)")
                return [:]
            }
            return members
        }
    }

    @Test func writesJSONLines() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try AuditLog(destination: .file(path: path), errorLogger: Logger(label: "test", sink: .memory()))
        log.record(
            SecurityEvent(.authenticationFailure, ["principal": "alice", "reason": "invalid_credentials"])
                .with(LoginOrigin(channel: "bolt", peer: "127.0.0.1:4000", connectionID: "bolt-3"))
        )
        log.record(SecurityEvent(.accountChange, ["roles": .strings(["admin", "viewer"]), "suspended": true]))
        log.close()
        let entries = try lines(path)
        #expect(entries.count == 2)
        #expect(entries[0]["event"] == .string("authentication_failure"))
        #expect(entries[0]["principal"] == .string("alice"))
        #expect(entries[0]["client_address"] == .string("127.0.0.1"))
        #expect(entries[0]["connection_id"] == .string("bolt-3"))
        #expect(entries[0]["protocol"] == .string("bolt"))
        #expect(entries[1]["roles"] == .array([.string("admin"), .string("viewer")]))
        #expect(entries[1]["suspended"] == .bool(true))
        guard case .string(let time)? = entries[0]["time"] else {
            Issue.record("no time field")
            return
        }
        #expect(time.hasSuffix("Z"))
    }

    @Test func fileCreatedOwnerOnly() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try AuditLog(destination: .file(path: path), errorLogger: Logger(label: "test"))
        log.close()
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func escapesControlCharacters() throws {
        let line = AuditLog.line(
            for: SecurityEvent(.authenticationFailure, ["principal": "a\n{\"event\":\"x\"}"]),
            at: 0
        )
        #expect(!line.contains("\n"))
        guard case .object(let members) = try StrictJSONParser.parse(Array(line.utf8)) else {
            Issue.record("not an object")
            return
        }
        #expect(members["event"] == .string("authentication_failure"))
        #expect(members["principal"] == .string("a\n{\"event\":\"x\"}"))
    }

    @Test func reopensAfterRotation() async throws {
        let path = temporaryPath()
        let rotated = path + ".1"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: rotated)
        }
        let log = try AuditLog(destination: .file(path: path), errorLogger: Logger(label: "test"))
        log.record(SecurityEvent(.serverStart))
        try FileManager.default.moveItem(atPath: path, toPath: rotated)
        // The path is checked at most once a second.
        try await Task.sleep(for: .milliseconds(1100))
        log.record(SecurityEvent(.serverStop))
        log.close()
        #expect(try lines(rotated).map { $0["event"] } == [.string("server_start")])
        #expect(try lines(path).map { $0["event"] } == [.string("server_stop")])
    }

    @Test func unopenableFileThrows() {
        #expect(throws: AuditLogError.self) {
            _ = try AuditLog(destination: .file(path: "/nonexistent-dir/audit.log"), errorLogger: Logger(label: "test"))
        }
    }

    @Test func mainLogDestination() {
        let sink = LogSink.memory()
        let log = try? AuditLog(
            destination: .log(Logger(label: "security", sink: sink)),
            errorLogger: Logger(label: "x")
        )
        log?.record(SecurityEvent(.principalLocked, ["principal": "bob"]))
        let records = sink.recorded
        #expect(records.count == 1)
        #expect(records.first?.label == "security")
        #expect(records.first?.message.contains("\"event\":\"principal_locked\"") == true)
    }

    @Test func disabledRecordsNothing() {
        #expect(!AuditLog.disabled.isEnabled)
        AuditLog.disabled.record(SecurityEvent(.serverStart))
    }
}
