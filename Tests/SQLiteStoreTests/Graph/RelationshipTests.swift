import GraphValue
import Host
import SQLiteStore
import Store
import Testing

@Suite struct RelationshipTests {
    /// Nodes a, b, c with a-KNOWS->b, b-KNOWS->c, a-LIKES->c and a-SELF->a.
    struct Graph {
        var a: Int64, b: Int64, c: Int64
        var knowsAB: Int64, knowsBC: Int64, likesAC: Int64, selfAA: Int64
    }

    static func makeGraph(_ store: SQLiteGraphStore) throws -> Graph {
        try store.write { transaction in
            let a = try transaction.createNode(labels: ["N"], properties: ["name": "a"]).id
            let b = try transaction.createNode(labels: ["N"], properties: ["name": "b"]).id
            let c = try transaction.createNode(labels: ["N"], properties: ["name": "c"]).id
            return Graph(
                a: a,
                b: b,
                c: c,
                knowsAB: try transaction.createRelationship(type: "KNOWS", from: a, to: b, properties: ["w": 1]).id,
                knowsBC: try transaction.createRelationship(type: "KNOWS", from: b, to: c, properties: [:]).id,
                likesAC: try transaction.createRelationship(type: "LIKES", from: a, to: c, properties: [:]).id,
                selfAA: try transaction.createRelationship(type: "SELF", from: a, to: a, properties: [:]).id
            )
        }
    }

    @Test func createAndRead() throws {
        try withStore { store, _ throws in
            let graph = try Self.makeGraph(store)
            let read = try #require(try store.read { try $0.relationship(id: graph.knowsAB) })
            #expect(read.type == "KNOWS")
            #expect(read.startNodeID == graph.a)
            #expect(read.endNodeID == graph.b)
            #expect(read.properties == ["w": 1])
            #expect(try store.read { try $0.relationship(id: 9_999) } == nil)
        }
    }

    @Test func propertiesRoundTrip() throws {
        try withStore { store, _ throws in
            let created = try store.write { transaction in
                let node = try transaction.createNode(labels: [], properties: [:]).id
                return try transaction.createRelationship(type: "T", from: node, to: node, properties: sampleValues)
            }
            #expect(try store.read { try $0.relationship(id: created.id) }?.properties == sampleValues)
        }
    }

    @Test func byType() throws {
        try withStore { store, _ throws in
            let graph = try Self.makeGraph(store)
            #expect(try store.read { try $0.relationships(type: "KNOWS") }.map(\.id) == [graph.knowsAB, graph.knowsBC])
            #expect(try store.read { try $0.relationships(type: nil) }.count == 4)
            #expect(try store.read { try $0.relationshipCount(type: "KNOWS") } == 2)
            #expect(try store.read { try $0.relationshipCount(type: nil) } == 4)
        }
    }

    @Test func byDirection() throws {
        try withStore { store, _ throws in
            let graph = try Self.makeGraph(store)
            let outgoing = try store.read { try $0.relationships(of: graph.a, direction: .outgoing, types: []) }
            let incoming = try store.read { try $0.relationships(of: graph.c, direction: .incoming, types: []) }
            let both = try store.read { try $0.relationships(of: graph.b, direction: .both, types: []) }
            #expect(outgoing.map(\.id) == [graph.knowsAB, graph.likesAC, graph.selfAA])
            #expect(incoming.map(\.id) == [graph.knowsBC, graph.likesAC])
            #expect(both.map(\.id) == [graph.knowsAB, graph.knowsBC])
        }
    }

    @Test func byDirectionAndTypes() throws {
        try withStore { store, _ throws in
            let graph = try Self.makeGraph(store)
            let likes = try store.read { try $0.relationships(of: graph.a, direction: .outgoing, types: ["LIKES"]) }
            let two = try store.read { try $0.relationships(of: graph.a, direction: .both, types: ["KNOWS", "LIKES"]) }
            #expect(likes.map(\.id) == [graph.likesAC])
            #expect(two.map(\.id) == [graph.knowsAB, graph.likesAC])
            #expect(
                try store.read { try $0.relationships(of: graph.a, direction: .incoming, types: ["LIKES"]) }.isEmpty
            )
        }
    }

    @Test func selfLoopAppearsOnceForBoth() throws {
        try withStore { store, _ throws in
            let graph = try Self.makeGraph(store)
            let both = try store.read { try $0.relationships(of: graph.a, direction: .both, types: ["SELF"]) }
            #expect(both.map(\.id) == [graph.selfAA])
            #expect(try store.read { try $0.degree(of: graph.a, direction: .both, types: []) } == 3)
            #expect(try store.read { try $0.degree(of: graph.a, direction: .incoming, types: []) } == 1)
            #expect(try store.read { try $0.degree(of: graph.b, direction: .both, types: ["KNOWS"]) } == 2)
        }
    }

    @Test func missingEndNodeFails() throws {
        try withStore { store, _ throws in
            let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
            let node = try transaction.createNode(labels: [], properties: [:]).id
            let error = expectServerError(.entityNotFound) {
                _ = try transaction.createRelationship(type: "T", from: node, to: 404, properties: [:])
            }
            #expect(error?.message == "Node with id 404 not found.")
            try transaction.commit()
            #expect(try store.read { try $0.relationships(type: nil) }.isEmpty)
        }
    }

    @Test func deleteNodeWithRelationshipsFails() throws {
        try withStore { store, _ throws in
            let graph = try Self.makeGraph(store)
            let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
            defer { transaction.rollback() }
            let error = expectServerError(.constraintValidationFailed) { try transaction.deleteNode(id: graph.b) }
            #expect(
                error?.message
                    == "Cannot delete node<\(graph.b)>, because it still has relationships. "
                    + "To delete this node, you must first delete its relationships."
            )
            #expect(try transaction.node(id: graph.b) != nil)
        }
    }

    @Test func deleteAfterRelationshipsGone() throws {
        try withStore { store, _ throws in
            let graph = try Self.makeGraph(store)
            try store.write { transaction in
                try transaction.deleteRelationship(id: graph.knowsAB)
                try transaction.deleteRelationship(id: graph.knowsBC)
                try transaction.deleteNode(id: graph.b)
            }
            #expect(try store.read { try $0.node(id: graph.b) } == nil)
            #expect(try store.read { try $0.relationship(id: graph.knowsAB) } == nil)
        }
    }

    @Test func detachDeleteRemovesRelationships() throws {
        try withStore { store, _ throws in
            let graph = try Self.makeGraph(store)
            try store.write { try $0.detachDeleteNode(id: graph.a) }
            #expect(try store.read { try $0.node(id: graph.a) } == nil)
            #expect(try store.read { try $0.relationships(type: nil) }.map(\.id) == [graph.knowsBC])
            #expect(try store.read { try $0.relationshipTypes() } == ["KNOWS"])
            #expect(try store.read { try $0.propertyKeys() } == ["name"])
        }
    }

    @Test func updateProperties() throws {
        try withStore { store, _ throws in
            let graph = try Self.makeGraph(store)
            var record = try #require(try store.read { try $0.relationship(id: graph.knowsAB) })
            record.properties = ["since": 2020, "w": nil]
            try store.write { try $0.updateRelationship(record) }
            #expect(try store.read { try $0.relationship(id: graph.knowsAB) }?.properties == ["since": 2020])
            #expect(try store.read { try $0.propertyKeys() } == ["name", "since"])
        }
    }

    @Test func updateCannotChangeType() throws {
        try withStore { store, _ throws in
            let graph = try Self.makeGraph(store)
            var record = try #require(try store.read { try $0.relationship(id: graph.knowsAB) })
            record.type = "OTHER"
            let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
            defer { transaction.rollback() }
            expectServerError(.invalidArguments) { try transaction.updateRelationship(record) }
            record.id = 9_999
            expectServerError(.entityNotFound) { try transaction.updateRelationship(record) }
        }
    }

    @Test func idsNeverReused() throws {
        try withStore { store, _ throws in
            let graph = try Self.makeGraph(store)
            try store.write { try $0.deleteRelationship(id: graph.selfAA) }
            let next = try store.write {
                try $0.createRelationship(type: "T", from: graph.a, to: graph.b, properties: [:])
            }
            #expect(next.id > graph.selfAA)
        }
    }
}
