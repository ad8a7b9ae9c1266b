import Foundation
import Host
import Testing

@testable import SQLiteStore

@Suite struct AccountBatchTests {
    static func account(_ name: String, roles: [String] = ["editor"]) -> Account {
        Account(name: name, passwordHash: "$fake$\(name)", roles: roles, createdAt: 1, credentialsChangedAt: 2)
    }

    @Test func applySavesAndDeletes() throws {
        try withTemporaryDirectory { directory throws in
            let repository = try AccountRepositoryTests.makeRepository(directory)
            try repository.saveAccount(Self.account("old"))
            try repository.apply([
                .save(Self.account("new", roles: ["admin", "viewer"])),
                .delete(name: "old"),
                .delete(name: "missing"),
            ])
            #expect(try repository.loadAccounts() == [Self.account("new", roles: ["admin", "viewer"])])
        }
    }

    @Test func failedApplyStoresNothing() throws {
        try withTemporaryDirectory { directory throws in
            let repository = try AccountRepositoryTests.makeRepository(directory)
            try repository.saveAccount(Self.account("old"))
            // A trigger makes the second change fail after the first one was written.
            let connection = try RevocationRepositoryTests.openConnection(directory)
            try connection.run(
                "CREATE TRIGGER reject_boom BEFORE INSERT ON accounts WHEN NEW.name = 'boom' "
                    + "BEGIN SELECT RAISE(ABORT, 'rejected'); END"
            )
            connection.close()
            #expect(throws: (any Error).self) {
                try repository.apply([.delete(name: "old"), .save(Self.account("boom"))])
            }
            #expect(try repository.loadAccounts() == [Self.account("old")])
        }
    }
}
