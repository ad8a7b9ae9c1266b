import Foundation
import Host
import Testing

@testable import SQLiteStore

@Suite struct AccountRepositoryTests {
    static let ada = Account(
        name: "ada",
        passwordHash: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        roles: ["admin", "reader"],
        changeRequired: true,
        createdAt: 1_700_000_000,
        credentialsChangedAt: 1_700_000_001
    )
    static let robot = Account(
        name: "robot",
        kind: .service,
        passwordHash: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdDI$aGFzaDI",
        roles: [],
        suspended: true,
        createdAt: 5,
        credentialsChangedAt: 6
    )

    static func makeRepository(_ directory: String) throws -> SQLiteAccountRepository {
        try SQLiteAccountRepository(dataDirectory: directory, logger: quietLogger())
    }

    @Test func emptyAtFirst() throws {
        try withTemporaryDirectory { directory throws in
            #expect(try Self.makeRepository(directory).loadAccounts().isEmpty)
        }
    }

    @Test func saveAndLoad() throws {
        try withTemporaryDirectory { directory throws in
            let repository = try Self.makeRepository(directory)
            try repository.saveAccount(Self.robot)
            try repository.saveAccount(Self.ada)
            #expect(try repository.loadAccounts() == [Self.ada, Self.robot])
        }
    }

    @Test func saveReplaces() throws {
        try withTemporaryDirectory { directory throws in
            let repository = try Self.makeRepository(directory)
            try repository.saveAccount(Self.ada)
            var changed = Self.ada
            changed.roles = ["reader", "editor", "admin"]
            changed.passwordHash = "$argon2id$v=19$m=65536,t=3,p=4$bmV3$bmV3"
            changed.changeRequired = false
            changed.suspended = true
            changed.credentialsChangedAt = 1_800_000_000
            try repository.saveAccount(changed)
            #expect(try repository.loadAccounts() == [changed])
        }
    }

    @Test func deleteRemovesAccountAndRoles() throws {
        try withTemporaryDirectory { directory throws in
            let repository = try Self.makeRepository(directory)
            try repository.saveAccount(Self.ada)
            try repository.saveAccount(Self.robot)
            try repository.deleteAccount(named: "ada")
            try repository.deleteAccount(named: "missing")
            #expect(try repository.loadAccounts() == [Self.robot])
            // Recreating the name must not bring back the old roles.
            var fresh = Self.ada
            fresh.roles = []
            try repository.saveAccount(fresh)
            #expect(try repository.loadAccounts().first?.roles == [])
        }
    }

    @Test func persistsAcrossReopen() throws {
        try withTemporaryDirectory { directory throws in
            let first = try Self.makeRepository(directory)
            try first.saveAccount(Self.ada)
            let second = try Self.makeRepository(directory)
            #expect(try second.loadAccounts() == [Self.ada])
        }
    }

    @Test func filesAreOwnerOnly() throws {
        try withTemporaryDirectory { parent throws in
            let directory = parent + "/nested/data"
            let repository = try Self.makeRepository(directory)
            try repository.saveAccount(Self.ada)
            #expect(SecureFiles.permissions(of: directory) == 0o700)
            #expect(SecureFiles.permissions(of: parent + "/nested") == 0o700)
            #expect(SecureFiles.permissions(of: directory + "/system.sqlite") == 0o600)
            #expect(SecureFiles.permissions(of: directory + "/system.sqlite-wal") == 0o600)
        }
    }

    @Test func loosePermissionsTightened() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/system.sqlite"
            _ = FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o644])
            _ = try Self.makeRepository(directory)
            #expect(SecureFiles.permissions(of: path) == 0o600)
        }
    }

    @Test func schemaVersionStored() throws {
        try withTemporaryDirectory { directory throws in
            _ = try Self.makeRepository(directory)
            let settings = SQLiteConnection.Settings(busyTimeoutMilliseconds: 1000, statementCacheCapacity: 4)
            let connection = try SQLiteConnection.open(
                path: directory + "/system.sqlite",
                databaseName: "system",
                settings: settings,
                logger: quietLogger()
            )
            defer { connection.close() }
            #expect(try SchemaMigrator.version(of: connection) == AccountSchema.migrator.currentVersion)
        }
    }
}
