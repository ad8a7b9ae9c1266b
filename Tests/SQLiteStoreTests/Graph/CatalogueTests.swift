import GraphValue
import SQLiteStore
import Store
import Testing

@Suite struct CatalogueTests {
    @Test func emptyStore() throws {
        try withStore { store, _ throws in
            #expect(try store.read { try $0.labels() }.isEmpty)
            #expect(try store.read { try $0.relationshipTypes() }.isEmpty)
            #expect(try store.read { try $0.propertyKeys() }.isEmpty)
        }
    }

    @Test func sortedAndInUse() throws {
        try withStore { store, _ throws in
            let (a, b) = try store.write { transaction in
                let a = try transaction.createNode(labels: ["Zebra", "Ant"], properties: ["zeta": 1, "alpha": 2])
                let b = try transaction.createNode(labels: ["Moth"], properties: ["alpha": 3])
                _ = try transaction.createRelationship(type: "WEIGHS", from: a.id, to: b.id, properties: ["beta": 1])
                _ = try transaction.createRelationship(type: "ABOVE", from: b.id, to: a.id, properties: [:])
                return (a, b)
            }
            #expect(try store.read { try $0.labels() } == ["Ant", "Moth", "Zebra"])
            #expect(try store.read { try $0.relationshipTypes() } == ["ABOVE", "WEIGHS"])
            #expect(try store.read { try $0.propertyKeys() } == ["alpha", "beta", "zeta"])

            try store.write { try $0.detachDeleteNode(id: a.id) }
            #expect(try store.read { try $0.labels() } == ["Moth"])
            #expect(try store.read { try $0.relationshipTypes() }.isEmpty)
            #expect(try store.read { try $0.propertyKeys() } == ["alpha"])

            try store.write { try $0.updateNode(NodeRecord(id: b.id, labels: [], properties: ["gamma": 1])) }
            #expect(try store.read { try $0.labels() }.isEmpty)
            #expect(try store.read { try $0.propertyKeys() } == ["gamma"])
        }
    }

    @Test func sharedKeyCountedOnce() throws {
        try withStore { store, _ throws in
            let ids = try store.write { transaction in
                try (0..<3).map { _ in try transaction.createNode(labels: ["L"], properties: ["k": 1]).id }
            }
            try store.write { try $0.deleteNode(id: ids[0]) }
            try store.write { try $0.deleteNode(id: ids[1]) }
            #expect(try store.read { try $0.propertyKeys() } == ["k"])
            try store.write { try $0.deleteNode(id: ids[2]) }
            #expect(try store.read { try $0.propertyKeys() }.isEmpty)
        }
    }
}
