import GraphValue
import Host
import Store
import Testing

@testable import SQLiteStore

@Suite struct IndexTests {
    static let byName = IndexDescriptor(name: "person_name", label: "Person", properties: ["name"])

    /// Counts the entries filed under `index`, reading the database file directly.
    static func entryCount(_ directory: String, index: String) throws -> Int {
        let connection = try rawConnection(directory)
        defer { connection.close() }
        return try connection.withStatement("SELECT count(*) FROM index_entries WHERE index_name = ?1") { statement in
            try statement.bind(index, at: 1)
            return try statement.step() ? Int(statement.int64(at: 0)) : -1
        }
    }

    static func rawConnection(_ directory: String) throws -> SQLiteConnection {
        let settings = SQLiteConnection.Settings(busyTimeoutMilliseconds: 1000, statementCacheCapacity: 4)
        return try SQLiteConnection.open(
            path: directory + "/databases/nornic.sqlite",
            databaseName: "nornic",
            settings: settings,
            logger: quietLogger()
        )
    }

    static func names(_ nodes: [NodeRecord]) -> [Value?] { nodes.map { $0.properties["name"] } }

    @Test func createOnExistingData() throws {
        try withStore { store, directory throws in
            try store.write { transaction in
                _ = try transaction.createNode(labels: ["Person"], properties: ["name": "Ada"])
                _ = try transaction.createNode(labels: ["Person"], properties: ["name": "Alan"])
                _ = try transaction.createNode(labels: ["Person"], properties: ["age": 3])
                _ = try transaction.createNode(labels: ["Robot"], properties: ["name": "Ada"])
            }
            try store.write { try $0.createIndex(Self.byName) }
            #expect(try Self.entryCount(directory, index: "person_name") == 2)
            let found = try store.read { try $0.nodes(label: "Person", key: "name", equals: "Ada") }
            #expect(Self.names(found) == ["Ada"])
            #expect(found.first?.labels == ["Person"])
        }
    }

    @Test func lookupUsesIndexEntries() throws {
        try withStore { store, directory throws in
            try store.write { try $0.createIndex(Self.byName) }
            _ = try store.write { try $0.createNode(labels: ["Person"], properties: ["name": "Ada"]) }
            #expect(try store.read { try $0.nodes(label: "Person", key: "name", equals: "Ada") }.count == 1)
            // With its entries gone, an indexed lookup finds nothing, while a scan would.
            let connection = try Self.rawConnection(directory)
            try connection.execute("DELETE FROM index_entries")
            connection.close()
            #expect(try store.read { try $0.nodes(label: "Person", key: "name", equals: "Ada") }.isEmpty)
        }
    }

    @Test func maintainedOnInsertUpdateDelete() throws {
        try withStore { store, directory throws in
            try store.write { try $0.createIndex(Self.byName) }
            let ada = try store.write { try $0.createNode(labels: ["Person"], properties: ["name": "Ada"]) }
            #expect(try Self.entryCount(directory, index: "person_name") == 1)

            try store.write {
                try $0.updateNode(NodeRecord(id: ada.id, labels: ["Person"], properties: ["name": "Grace"]))
            }
            #expect(try store.read { try $0.nodes(label: "Person", key: "name", equals: "Ada") }.isEmpty)
            #expect(
                Self.names(try store.read { try $0.nodes(label: "Person", key: "name", equals: "Grace") }) == ["Grace"]
            )

            try store.write { try $0.updateNode(NodeRecord(id: ada.id, labels: ["Person"], properties: [:])) }
            #expect(try Self.entryCount(directory, index: "person_name") == 0)

            try store.write {
                try $0.updateNode(NodeRecord(id: ada.id, labels: ["Person"], properties: ["name": "Ada"]))
            }
            try store.write { try $0.deleteNode(id: ada.id) }
            #expect(try Self.entryCount(directory, index: "person_name") == 0)
            #expect(try store.read { try $0.nodes(label: "Person", key: "name", equals: "Ada") }.isEmpty)
        }
    }

    @Test func maintainedOnLabelChange() throws {
        try withStore { store, directory throws in
            try store.write { try $0.createIndex(Self.byName) }
            let node = try store.write { try $0.createNode(labels: ["Robot"], properties: ["name": "Ada"]) }
            #expect(try Self.entryCount(directory, index: "person_name") == 0)

            try store.write {
                try $0.updateNode(NodeRecord(id: node.id, labels: ["Robot", "Person"], properties: node.properties))
            }
            #expect(try Self.entryCount(directory, index: "person_name") == 1)
            #expect(try store.read { try $0.nodes(label: "Person", key: "name", equals: "Ada") }.map(\.id) == [node.id])

            try store.write {
                try $0.updateNode(NodeRecord(id: node.id, labels: ["Robot"], properties: node.properties))
            }
            #expect(try Self.entryCount(directory, index: "person_name") == 0)
            #expect(try store.read { try $0.nodes(label: "Person", key: "name", equals: "Ada") }.isEmpty)
        }
    }

    @Test func detachDeleteRemovesEntries() throws {
        try withStore { store, directory throws in
            try store.write { try $0.createIndex(Self.byName) }
            try store.write { transaction in
                let ada = try transaction.createNode(labels: ["Person"], properties: ["name": "Ada"]).id
                _ = try transaction.createRelationship(type: "SELF", from: ada, to: ada, properties: [:])
                try transaction.detachDeleteNode(id: ada)
            }
            #expect(try Self.entryCount(directory, index: "person_name") == 0)
        }
    }

    @Test(arguments: [true, false])
    func integerEqualsFloat(indexed: Bool) throws {
        try withStore { store, _ throws in
            let age = IndexDescriptor(name: "person_age", label: "Person", properties: ["age"])
            if indexed { try store.write { try $0.createIndex(age) } }
            let ids = try store.write { transaction in
                try [Value.integer(1), .float(1.0), .float(1.5), .string("1"), .integer(2)].map {
                    try transaction.createNode(labels: ["Person"], properties: ["age": $0]).id
                }
            }
            #expect(
                try store.read { try $0.nodes(label: "Person", key: "age", equals: 1) }.map(\.id) == [ids[0], ids[1]]
            )
            #expect(
                try store.read { try $0.nodes(label: "Person", key: "age", equals: 1.0) }.map(\.id) == [ids[0], ids[1]]
            )
            #expect(try store.read { try $0.nodes(label: "Person", key: "age", equals: 1.5) }.map(\.id) == [ids[2]])
            #expect(try store.read { try $0.nodes(label: "Person", key: "age", equals: "1") }.map(\.id) == [ids[3]])
        }
    }

    @Test(arguments: [true, false])
    func nullNeverMatches(indexed: Bool) throws {
        try withStore { store, _ throws in
            if indexed { try store.write { try $0.createIndex(Self.byName) } }
            _ = try store.write { try $0.createNode(labels: ["Person"], properties: [:]) }
            #expect(try store.read { try $0.nodes(label: "Person", key: "name", equals: nil) }.isEmpty)
            #expect(try store.read { try $0.nodes(label: "Person", key: "name", equals: .float(.nan)) }.isEmpty)
        }
    }

    @Test func compositeIndexMaintained() throws {
        try withStore { store, directory throws in
            let composite = IndexDescriptor(name: "person_name_age", label: "Person", properties: ["name", "age"])
            try store.write { try $0.createIndex(composite) }
            let ids = try store.write { transaction in
                [
                    try transaction.createNode(labels: ["Person"], properties: ["name": "Ada", "age": 36]).id,
                    try transaction.createNode(labels: ["Person"], properties: ["name": "Ada", "age": 40]).id,
                    try transaction.createNode(labels: ["Person"], properties: ["name": "Adam", "age": 1]).id,
                    try transaction.createNode(labels: ["Person"], properties: ["name": "Ada"]).id,
                ]
            }
            // The node without an age is not filed, yet a lookup by name alone still finds it.
            #expect(try Self.entryCount(directory, index: "person_name_age") == 3)
            let ada = try store.read { try $0.nodes(label: "Person", key: "name", equals: "Ada") }
            #expect(ada.map(\.id) == [ids[0], ids[1], ids[3]])
            #expect(try store.read { try $0.nodes(label: "Person", key: "age", equals: 36) }.map(\.id) == [ids[0]])
        }
    }

    @Test func listsAndDuplicates() throws {
        try withStore { store, _ throws in
            try store.write { try $0.createIndex(IndexDescriptor(name: "tags", label: "T", properties: ["tags"])) }
            let ids = try store.write { transaction in
                try (0..<3).map { _ in try transaction.createNode(labels: ["T"], properties: ["tags": [1, 2]]).id }
            }
            #expect(try store.read { try $0.nodes(label: "T", key: "tags", equals: [1.0, 2.0]) }.map(\.id) == ids)
        }
    }

    @Test func listAndDrop() throws {
        try withStore { store, directory throws in
            let other = IndexDescriptor(name: "a_index", label: "A", properties: ["x", "y"])
            try store.write { transaction in
                try transaction.createIndex(Self.byName)
                try transaction.createIndex(other)
            }
            #expect(try store.read { try $0.indexes() } == [other, Self.byName])
            _ = try store.write { try $0.createNode(labels: ["Person"], properties: ["name": "Ada"]) }
            try store.write { try $0.dropIndex(named: "person_name") }
            #expect(try store.read { try $0.indexes() } == [other])
            #expect(try Self.entryCount(directory, index: "person_name") == 0)
            // Without the index the lookup scans and still finds the node.
            #expect(try store.read { try $0.nodes(label: "Person", key: "name", equals: "Ada") }.count == 1)
        }
    }

    @Test func dropMissingFails() throws {
        try withStore { store, _ throws in
            let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
            defer { transaction.rollback() }
            expectServerError(.indexNotFound) { try transaction.dropIndex(named: "nope") }
        }
    }

    @Test func duplicatesFail() throws {
        try withStore { store, _ throws in
            try store.write { try $0.createIndex(Self.byName) }
            let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
            defer { transaction.rollback() }
            let same = expectServerError(.equivalentSchemaRuleAlreadyExists) {
                try transaction.createIndex(Self.byName)
            }
            #expect(same?.message.hasPrefix("An equivalent index already exists") == true)
            let sameName = IndexDescriptor(name: "person_name", label: "Robot", properties: ["name"])
            expectServerError(.equivalentSchemaRuleAlreadyExists) { try transaction.createIndex(sameName) }
            let sameSchema = IndexDescriptor(name: "other", label: "Person", properties: ["name"])
            expectServerError(.equivalentSchemaRuleAlreadyExists) { try transaction.createIndex(sameSchema) }
            #expect(try transaction.indexes() == [Self.byName])
        }
    }

    @Test func invalidDefinitionFails() throws {
        try withStore { store, _ throws in
            let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
            defer { transaction.rollback() }
            expectServerError(.invalidArguments) {
                try transaction.createIndex(IndexDescriptor(name: "empty", label: "L", properties: []))
            }
            expectServerError(.invalidArguments) {
                try transaction.createIndex(IndexDescriptor(name: "twice", label: "L", properties: ["p", "p"]))
            }
        }
    }

    @Test func persistsAcrossReopen() throws {
        try withTemporaryDirectory { directory throws in
            let first = try makeStore(directory)
            try first.write { try $0.createIndex(Self.byName) }
            first.close()
            let second = try makeStore(directory)
            defer { second.close() }
            #expect(try second.read { try $0.indexes() } == [Self.byName])
            _ = try second.write { try $0.createNode(labels: ["Person"], properties: ["name": "Ada"]) }
            #expect(try Self.entryCount(directory, index: "person_name") == 1)
        }
    }

    @Test func rolledBackIndexLeavesNothing() throws {
        try withStore { store, _ throws in
            let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
            try transaction.createIndex(Self.byName)
            transaction.rollback()
            #expect(try store.read { try $0.indexes() }.isEmpty)
        }
    }
}
