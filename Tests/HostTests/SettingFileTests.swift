import Foundation
import Synchronization
import Testing

@testable import Host

/// The `_FILE` forms of secret settings.
@Suite struct SettingFileTests {
    static let secret = "Fq3Vd8pX2mLr7Tz9KbN4wYc6Hf1Gj5Sa0Ue8"
    static let previous = "Pz7Cv2Bn5Mq8Wr1Ty4Ui6Op9As3Df0Gh7Jk2"

    /// Serves files from a table; any other path fails like a missing file.
    struct StubFiles: Sendable {
        let files: [String: String]

        struct Missing: Error, CustomStringConvertible {
            var description: String { "No such file or directory" }
        }

        var loader: ConfigurationLoader {
            let files = self.files
            return ConfigurationLoader { path in
                guard let text = files[path] else { throw Missing() }
                return text
            }
        }
    }

    private func failure(
        _ loader: ConfigurationLoader,
        _ environment: [String: String],
        _ arguments: [String] = []
    ) -> String? {
        do {
            _ = try loader.load(environment: environment, arguments: arguments)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func fileFormsDeclared() {
        let withFiles = ConfigurationLoader.settings.filter { $0.fileVariable != nil }.map(\.variable)
        #expect(
            withFiles == [
                "NORNICDB_AUTH", "NORNICDB_JWT_SECRET", "NORNICDB_JWT_PREVIOUS_SECRETS", "NORNICDB_LDAP_BIND_PASSWORD",
                "NORNICDB_STORAGE_URL",
            ]
        )
        for setting in ConfigurationLoader.settings where setting.fileVariable != nil {
            #expect(setting.fileVariable == setting.variable + "_FILE")
            #expect(setting.fileFlag == setting.flag + "-file")
            #expect(setting.help.contains(setting.variable + "_FILE"))
        }
    }

    @Test(arguments: [
        ("plain", "plain"), ("line\n", "line"), ("line\r\n", "line"), ("two\n\n", "two\n"), ("cr\r", "cr\r"),
    ])
    func oneTrailingNewlineStripped(contents: String, value: String) throws {
        let loader = StubFiles(files: ["/s/auth": "admin:password-" + contents]).loader
        let config = try loader.load(environment: ["NORNICDB_AUTH_FILE": "/s/auth"], arguments: [])
        #expect(config.initialAuth == .admin(user: "admin", password: Secret("password-" + value)))
    }

    @Test func secretsReadFromFiles() throws {
        let loader = StubFiles(files: [
            "/s/jwt": Self.secret + "\n", "/s/previous": Self.previous + "\n", "/s/auth": "root:longpassword\n",
        ]).loader
        let config = try loader.load(
            environment: ["NORNICDB_JWT_SECRET_FILE": "/s/jwt", "NORNICDB_AUTH_FILE": "/s/auth"],
            arguments: ["--jwt-previous-secrets-file", "/s/previous"]
        )
        #expect(config.jwtSecret?.reveal() == Self.secret)
        #expect(config.jwtPreviousSecrets.map { $0.reveal() } == [Self.previous])
        #expect(config.initialAuth == .admin(user: "root", password: "longpassword"))
    }

    @Test func fileFlagOverridesFileVariable() throws {
        let loader = StubFiles(files: ["/s/flag": Self.secret]).loader
        let config = try loader.load(
            environment: ["NORNICDB_JWT_SECRET_FILE": "/s/missing"],
            arguments: ["--jwt-secret-file=/s/flag"]
        )
        #expect(config.jwtSecret?.reveal() == Self.secret)
    }

    @Test(arguments: [
        (["NORNICDB_JWT_SECRET": secret, "NORNICDB_JWT_SECRET_FILE": "/s/jwt"], [String]()),
        (["NORNICDB_JWT_SECRET": secret], ["--jwt-secret-file", "/s/jwt"]),
        (["NORNICDB_JWT_SECRET_FILE": "/s/jwt"], ["--jwt-secret", secret]),
        ([:], ["--jwt-secret", secret, "--jwt-secret-file", "/s/jwt"]),
    ])
    func valueAndFileConflict(environment: [String: String], arguments: [String]) throws {
        let loader = StubFiles(files: ["/s/jwt": Self.secret]).loader
        let message = try #require(failure(loader, environment, arguments))
        #expect(message.contains("are both set"))
        #expect(message.contains("JWT_SECRET") || message.contains("--jwt-secret"))
        #expect(message.contains("_FILE") || message.contains("--jwt-secret-file"))
        #expect(!message.contains(Self.secret))
    }

    @Test func missingFileNamesVariableAndPath() throws {
        let loader = StubFiles(files: [:]).loader
        let message = try #require(failure(loader, ["NORNICDB_JWT_SECRET_FILE": "/run/secrets/jwt"]))
        #expect(message.contains("NORNICDB_JWT_SECRET_FILE"))
        #expect(message.contains("/run/secrets/jwt"))
        #expect(message.contains("No such file or directory"))
        let flag = try #require(failure(loader, [:], ["--auth-file", "/run/secrets/auth"]))
        #expect(flag.contains("--auth-file"))
        #expect(flag.contains("/run/secrets/auth"))
    }

    @Test func emptyPathRejected() throws {
        let message = try #require(failure(StubFiles(files: [:]).loader, ["NORNICDB_AUTH_FILE": ""]))
        #expect(message.contains("NORNICDB_AUTH_FILE is empty"))
        let flag = try #require(failure(StubFiles(files: [:]).loader, [:], ["--auth-file"]))
        #expect(flag.contains("needs a value (PATH)"))
    }

    @Test func invalidContentsNameFileNotContents() throws {
        let loader = StubFiles(files: ["/s/jwt": "too-short-secret\n"]).loader
        let message = try #require(failure(loader, ["NORNICDB_JWT_SECRET_FILE": "/s/jwt"]))
        #expect(message.hasPrefix("NORNICDB_JWT_SECRET_FILE (file /s/jwt): NORNICDB_JWT_SECRET is too short"))
        #expect(!message.contains("too-short-secret"))
    }

    final class ReadLog: Sendable {
        let paths = Mutex<[String]>([])
    }

    @Test func unusedFileNotRead() throws {
        let log = ReadLog()
        let loader = ConfigurationLoader { path in
            log.paths.withLock { $0.append(path) }
            return Self.secret
        }
        _ = try loader.load(environment: ["NORNICDB_BOLT_PORT": "7001"], arguments: [])
        #expect(log.paths.withLock { $0 }.isEmpty)
    }

    // MARK: Real files

    private func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "/setting-file-tests-" + Crypto.randomToken(byteCount: 8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    @Test func defaultReaderReadsRealFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/jwt"
            try (Self.secret + "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
            let link = directory + "/link"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
            for file in [path, link] {
                let config = try ConfigurationLoader().load(
                    environment: ["NORNICDB_JWT_SECRET_FILE": file],
                    arguments: []
                )
                #expect(config.jwtSecret?.reveal() == Self.secret)
            }
        }
    }

    @Test func defaultReaderRejectsUnusableFiles() throws {
        try withTemporaryDirectory { directory in
            let large = directory + "/large"
            try String(repeating: "a", count: SettingFile.maximumSize + 1).write(
                toFile: large,
                atomically: true,
                encoding: .utf8
            )
            let binary = directory + "/binary"
            try Data([0x61, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: binary))
            let cases = [
                (directory + "/missing", "No such file or directory"),
                (directory, "not a regular file"),
                (large, "larger than 65536 bytes"),
                (binary, "not UTF-8"),
            ]
            for (path, reason) in cases {
                let message = try #require(failure(ConfigurationLoader(), ["NORNICDB_AUTH_FILE": path]), "\(path)")
                #expect(message.contains(reason), "\(message)")
                #expect(message.contains(path))
            }
        }
    }

    @Test func defaultReaderAcceptsLimit() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/limit"
            let contents = "admin:" + String(repeating: "p", count: SettingFile.maximumSize - 6)
            try contents.write(toFile: path, atomically: true, encoding: .utf8)
            let config = try ConfigurationLoader().load(environment: ["NORNICDB_AUTH_FILE": path], arguments: [])
            #expect(config.initialAuth != .generated)
        }
    }
}
