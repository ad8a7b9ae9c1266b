import Foundation
import Host
import Testing

@testable import SQLiteStore

@Suite struct RevocationRepositoryTests {
    static let pool = BlockingPool(name: "revocation-repository-tests", threadCount: 2)

    static func makeRepository(_ directory: String) throws -> SQLiteAccountRepository {
        try SQLiteAccountRepository(dataDirectory: directory, logger: quietLogger())
    }

    static func openConnection(_ directory: String) throws -> SQLiteConnection {
        let settings = SQLiteConnection.Settings(busyTimeoutMilliseconds: 1000, statementCacheCapacity: 4)
        return try SQLiteConnection.open(
            path: directory + "/" + SQLiteAccountRepository.fileName,
            databaseName: "system",
            settings: settings,
            logger: quietLogger()
        )
    }

    /// `withTemporaryDirectory` for an async body.
    static func withTemporaryDirectoryAsync(_ body: (String) async throws -> Void) async throws {
        let directory = try withTemporaryDirectory { $0 } + "-async"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }

    @Test func emptyAtFirst() throws {
        try withTemporaryDirectory { directory throws in
            #expect(try Self.makeRepository(directory).loadRevocations().isEmpty)
        }
    }

    @Test func saveAndLoad() throws {
        try withTemporaryDirectory { directory throws in
            let repository = try Self.makeRepository(directory)
            let never = Revocation(tokenID: "b-never", expiresAt: nil, revokedAt: 100)
            let timed = Revocation(tokenID: "a-timed", expiresAt: 500, revokedAt: 101)
            try repository.saveRevocation(never)
            try repository.saveRevocation(timed)
            #expect(try repository.loadRevocations() == [timed, never])
        }
    }

    @Test func saveAgainMerges() throws {
        try withTemporaryDirectory { directory throws in
            let repository = try Self.makeRepository(directory)
            try repository.saveRevocation(Revocation(tokenID: "t", expiresAt: 500, revokedAt: 100))
            try repository.saveRevocation(Revocation(tokenID: "t", expiresAt: 300, revokedAt: 200))
            #expect(try repository.loadRevocations() == [Revocation(tokenID: "t", expiresAt: 500, revokedAt: 100)])
            try repository.saveRevocation(Revocation(tokenID: "t", expiresAt: 900, revokedAt: 50))
            #expect(try repository.loadRevocations() == [Revocation(tokenID: "t", expiresAt: 900, revokedAt: 50)])
            try repository.saveRevocation(Revocation(tokenID: "t", expiresAt: nil, revokedAt: 300))
            #expect(try repository.loadRevocations() == [Revocation(tokenID: "t", expiresAt: nil, revokedAt: 50)])
            try repository.saveRevocation(Revocation(tokenID: "t", expiresAt: 1000, revokedAt: 300))
            #expect(try repository.loadRevocations() == [Revocation(tokenID: "t", expiresAt: nil, revokedAt: 50)])
        }
    }

    @Test func deleteExpiredKeepsOthers() throws {
        try withTemporaryDirectory { directory throws in
            let repository = try Self.makeRepository(directory)
            let records = [
                Revocation(tokenID: "early", expiresAt: 99, revokedAt: 1),
                Revocation(tokenID: "edge", expiresAt: 100, revokedAt: 1),
                Revocation(tokenID: "late", expiresAt: 101, revokedAt: 1),
                Revocation(tokenID: "never", expiresAt: nil, revokedAt: 1),
            ]
            for record in records { try repository.saveRevocation(record) }
            try repository.deleteRevocations(expiredBefore: 100)
            #expect(try repository.loadRevocations().map(\.tokenID) == ["edge", "late", "never"])
        }
    }

    @Test func survivesReopen() async throws {
        try await Self.withTemporaryDirectoryAsync { directory in
            let first = try Self.makeRepository(directory)
            let list = try RevocationList(repository: first, pool: Self.pool, clock: { 1_000 })
            try await list.revoke(tokenID: "jti-1", expiresAt: 5_000)
            try await list.revoke(tokenID: "jti-2", expiresAt: nil)
            // A new repository and list stand for a restarted server.
            let restarted = try RevocationList(
                repository: Self.makeRepository(directory),
                pool: Self.pool,
                clock: { 2_000 }
            )
            #expect(restarted.isRevoked("jti-1"))
            #expect(restarted.isRevoked("jti-2"))
            #expect(!restarted.isRevoked("jti-3"))
            // Once the token has expired, a restart drops its record from the file.
            _ = try RevocationList(repository: Self.makeRepository(directory), pool: Self.pool, clock: { 5_001 })
            #expect(try Self.makeRepository(directory).loadRevocations().map(\.tokenID) == ["jti-2"])
        }
    }

    @Test func version1FileUpgrades() throws {
        try withTemporaryDirectory { directory throws in
            // A file written by a build that knew only the account tables.
            try SecureFiles.prepareDatabaseFile(directory + "/" + SQLiteAccountRepository.fileName)
            let old = try Self.openConnection(directory)
            let version1 = SchemaMigrator(schemaName: "system", migrations: [AccountSchema.version1])
            #expect(try version1.migrate(old) == 1)
            try old.execute(
                """
                INSERT INTO accounts VALUES ('ada', 'user', 'hash', 0, 0, 1, 2);
                INSERT INTO account_roles VALUES ('ada', 0, 'admin');
                """
            )
            old.close()

            let repository = try Self.makeRepository(directory)
            #expect(try repository.loadAccounts().map(\.name) == ["ada"])
            #expect(try repository.loadAccounts().first?.roles == ["admin"])
            #expect(try repository.loadRevocations().isEmpty)
            try repository.saveRevocation(Revocation(tokenID: "t", expiresAt: nil, revokedAt: 3))
            #expect(try repository.loadRevocations().count == 1)

            let check = try Self.openConnection(directory)
            defer { check.close() }
            #expect(try SchemaMigrator.version(of: check) == 2)
            #expect(AccountSchema.migrator.currentVersion == 2)
        }
    }
}
