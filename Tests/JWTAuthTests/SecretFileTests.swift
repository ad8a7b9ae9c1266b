import Foundation
import Host
import Testing

@testable import JWTAuth

@Suite("JWT secret file")
struct SecretFileTests {
    static func temporaryPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jwt-secret-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("jwt.secret").path
    }

    static func permissions(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func createThenReload() throws {
        let path = Self.temporaryPath()
        let created = try JWTSecretFile.loadOrCreate(at: path)
        #expect(try Self.permissions(path) == 0o600)
        #expect(created.reveal().count == 86)
        #expect(Base64URL.decode(created.reveal())?.count == 64)
        let reloaded = try JWTSecretFile.loadOrCreate(at: path)
        #expect(reloaded == created)
        // The generated secret passes every strength check, even for HS512.
        _ = try JWTKeySet(current: created, signingAlgorithm: .hs512)
    }

    @Test func secretsDiffer() throws {
        let first = try JWTSecretFile.loadOrCreate(at: Self.temporaryPath())
        let second = try JWTSecretFile.loadOrCreate(at: Self.temporaryPath())
        #expect(first != second)
    }

    @Test(arguments: [0o640, 0o604, 0o644, 0o660])
    func openFileRefused(mode: Int) throws {
        let path = Self.temporaryPath()
        _ = try JWTSecretFile.loadOrCreate(at: path)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        #expect {
            try JWTSecretFile.loadOrCreate(at: path)
        } throws: { error in
            let message = (error as? JWTConfigurationError)?.message ?? ""
            return message.contains(path) && message.contains("chmod 600")
        }
    }

    @Test(arguments: ["", "short\n", "not base64 at all, but long enough to be a secret!!\n", "AAAA=\n"])
    func invalidContentRefused(content: String) throws {
        let path = Self.temporaryPath()
        _ = FileManager.default.createFile(
            atPath: path,
            contents: Data(content.utf8),
            attributes: [.posixPermissions: 0o600]
        )
        #expect(throws: JWTConfigurationError.self) { try JWTSecretFile.loadOrCreate(at: path) }
    }

    @Test func symlinkRefused() throws {
        let path = Self.temporaryPath()
        let target = Self.temporaryPath()
        _ = try JWTSecretFile.loadOrCreate(at: target)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        #expect(throws: JWTConfigurationError.self) { try JWTSecretFile.loadOrCreate(at: path) }
    }

    @Test func directoryRefused() throws {
        let path = Self.temporaryPath()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: JWTConfigurationError.self) { try JWTSecretFile.loadOrCreate(at: path) }
    }

    @Test func missingDirectoryReported() {
        #expect {
            try JWTSecretFile.loadOrCreate(at: "/nonexistent-dir-for-test/jwt.secret")
        } throws: { error in
            (error as? JWTConfigurationError)?.message.contains("cannot create") == true
        }
    }
}
