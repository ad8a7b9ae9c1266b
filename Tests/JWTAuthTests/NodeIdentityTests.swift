import Foundation
import Host
import Testing

@testable import JWTAuth

@Suite("Node identity file")
struct NodeIdentityTests {
    static func temporaryPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("node-id-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("node-id").path
    }

    static func write(_ content: String, to path: String, mode: Int = 0o600) {
        _ = FileManager.default.createFile(
            atPath: path,
            contents: Data(content.utf8),
            attributes: [.posixPermissions: mode]
        )
    }

    static func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? JWTConfigurationError)?.message ?? "unexpected \(error)"
        }
    }

    @Test func createdOnceThenReused() throws {
        let path = Self.temporaryPath()
        let created = try JWTNodeIdentity.loadOrCreate(at: path)
        #expect(created.created)
        #expect(created.identity.value.count == 22)
        #expect(Base64URL.decode(created.identity.value)?.count == 16)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == created.identity.value + "\n")

        let reloaded = try JWTNodeIdentity.loadOrCreate(at: path)
        #expect(!reloaded.created)
        #expect(reloaded.identity == created.identity)
    }

    @Test func identitiesDiffer() throws {
        let first = try JWTNodeIdentity.loadOrCreate(at: Self.temporaryPath()).identity
        let second = try JWTNodeIdentity.loadOrCreate(at: Self.temporaryPath()).identity
        #expect(first != second)
        #expect(first != JWTNodeIdentity.process)
    }

    @Test func fileWithoutNewlineAccepted() throws {
        let path = Self.temporaryPath()
        let value = JWTNodeIdentity.random().value
        Self.write(value, to: path)
        #expect(try JWTNodeIdentity.loadOrCreate(at: path).identity.value == value)
    }

    @Test(arguments: [
        "",
        "\n",
        "node-1\n",
        // 15 and 17 bytes.
        "AAAAAAAAAAAAAAAAAAAA\n",
        "AAAAAAAAAAAAAAAAAAAAAAA\n",
        // Padded, and with a character outside base64url.
        "AAAAAAAAAAAAAAAAAAAAAA==\n",
        "AAAAAAAAAAAAAAAAAAAA+A\n",
        // Two identities, and an identity padded with spaces.
        "AAAAAAAAAAAAAAAAAAAAAA\nAAAAAAAAAAAAAAAAAAAAAA\n",
        " AAAAAAAAAAAAAAAAAAAAAA\n",
        String(repeating: "A", count: 100),
    ])
    func malformedFileRejected(content: String) {
        let path = Self.temporaryPath()
        Self.write(content, to: path)
        let message = Self.message { _ = try JWTNodeIdentity.loadOrCreate(at: path) }
        #expect(message?.contains(path) == true)
        #expect(message?.contains("does not contain a node identity") == true)
        // The bad file is kept for the operator to inspect, not replaced.
        #expect(try! String(contentsOfFile: path, encoding: .utf8) == content)
    }

    @Test(arguments: [0o640, 0o604, 0o644, 0o660, 0o606])
    func fileOpenToOthersRejected(mode: Int) throws {
        let path = Self.temporaryPath()
        _ = try JWTNodeIdentity.loadOrCreate(at: path)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        let message = Self.message { _ = try JWTNodeIdentity.loadOrCreate(at: path) }
        #expect(message?.contains("node identity file \(path)") == true)
        #expect(message?.contains("chmod 600") == true)
    }

    @Test func symlinkRejected() throws {
        let path = Self.temporaryPath()
        let target = Self.temporaryPath()
        _ = try JWTNodeIdentity.loadOrCreate(at: target)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        #expect(throws: JWTConfigurationError.self) { try JWTNodeIdentity.loadOrCreate(at: path) }
    }

    @Test func directoryRejected() throws {
        let path = Self.temporaryPath()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        let message = Self.message { _ = try JWTNodeIdentity.loadOrCreate(at: path) }
        #expect(message?.contains("is not a regular file") == true)
    }

    @Test func missingDirectoryReported() {
        let message = Self.message { _ = try JWTNodeIdentity.loadOrCreate(at: "/nonexistent-dir-for-test/node-id") }
        #expect(message?.contains("cannot create the node identity file") == true)
    }

    @Test func valueValidated() {
        let value = JWTNodeIdentity.random().value
        #expect(JWTNodeIdentity(value)?.value == value)
        #expect(JWTNodeIdentity(value + "A") == nil)
        #expect(JWTNodeIdentity(String(value.dropLast())) == nil)
        #expect(JWTNodeIdentity("") == nil)
        #expect(JWTNodeIdentity("node-1") == nil)
    }
}
