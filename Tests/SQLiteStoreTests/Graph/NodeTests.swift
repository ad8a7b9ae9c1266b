import GraphValue
import Host
import SQLiteStore
import Store
import Testing

@Suite struct NodeTests {
    @Test func createAndRead() throws {
        try withStore { store, _ throws in
            let created = try store.write { try $0.createNode(labels: ["Person"], properties: ["name": "Ada"]) }
            let read = try store.read { try $0.node(id: created.id) }
            #expect(read == created)
            #expect(read?.labels == ["Person"])
            #expect(read?.properties == ["name": "Ada"])
        }
    }

    @Test func everyValueTypeRoundTrips() throws {
        try withStore { store, _ throws in
            let created = try store.write { try $0.createNode(labels: [], properties: sampleValues) }
            let read = try #require(try store.read { try $0.node(id: created.id) })
            for (key, value) in sampleValues {
                #expect(read.properties[key] == value, "property \(key)")
            }
            #expect(read.properties.count == sampleValues.count)
        }
    }

    @Test func specialFloatsRoundTrip() throws {
        try withStore { store, _ throws in
            let properties: [String: Value] = ["nan": .float(.nan), "inf": .float(.infinity), "negativeZero": -0.0]
            let created = try store.write { try $0.createNode(labels: [], properties: properties) }
            let read = try #require(try store.read { try $0.node(id: created.id) })
            guard case .float(let nan) = read.properties["nan"], case .float(let zero) = read.properties["negativeZero"]
            else {
                Issue.record("floats did not come back as floats: \(read.properties)")
                return
            }
            #expect(nan.isNaN)
            #expect(zero == 0)
            #expect(zero.sign == .minus)
            #expect(read.properties["inf"] == .float(.infinity))
        }
    }

    @Test func labelsKeepOrderWithoutDuplicates() throws {
        try withStore { store, _ throws in
            let created = try store.write { try $0.createNode(labels: ["B", "A", "B"], properties: [:]) }
            #expect(created.labels == ["B", "A"])
            #expect(try store.read { try $0.node(id: created.id)?.labels } == ["B", "A"])
        }
    }

    @Test func nullPropertiesNotStored() throws {
        try withStore { store, _ throws in
            let created = try store.write { try $0.createNode(labels: [], properties: ["a": 1, "b": nil]) }
            #expect(created.properties == ["a": 1])
            #expect(try store.read { try $0.propertyKeys() } == ["a"])
        }
    }

    @Test func missingNodeIsNil() throws {
        try withStore { store, _ throws in
            #expect(try store.read { try $0.node(id: 12_345) } == nil)
        }
    }

    @Test func nodesByLabelInIDOrder() throws {
        try withStore { store, _ throws in
            let ids = try store.write { transaction in
                try (0..<5).map { index in
                    try transaction.createNode(
                        labels: index.isMultiple(of: 2) ? ["Even"] : ["Odd"],
                        properties: ["i": .integer(Int64(index))]
                    ).id
                }
            }
            let all = try store.read { try $0.nodes(label: nil) }
            let even = try store.read { try $0.nodes(label: "Even") }
            #expect(all.map(\.id) == ids)
            #expect(even.map(\.id) == [ids[0], ids[2], ids[4]])
            #expect(try store.read { try $0.nodes(label: "None") }.isEmpty)
        }
    }

    @Test func nodeCounts() throws {
        try withStore { store, _ throws in
            try store.write { transaction in
                _ = try transaction.createNode(labels: ["A"], properties: [:])
                _ = try transaction.createNode(labels: ["A", "B"], properties: [:])
                _ = try transaction.createNode(labels: [], properties: [:])
            }
            #expect(try store.read { try $0.nodeCount(label: nil) } == 3)
            #expect(try store.read { try $0.nodeCount(label: "A") } == 2)
            #expect(try store.read { try $0.nodeCount(label: "B") } == 1)
        }
    }

    @Test func updateReplacesLabelsAndProperties() throws {
        try withStore { store, _ throws in
            let created = try store.write { try $0.createNode(labels: ["A", "B"], properties: ["x": 1, "y": 2]) }
            let updated = NodeRecord(id: created.id, labels: ["C", "A"], properties: ["y": "two", "z": nil])
            try store.write { try $0.updateNode(updated) }
            let read = try #require(try store.read { try $0.node(id: created.id) })
            #expect(read.labels == ["C", "A"])
            #expect(read.properties == ["y": "two"])
            #expect(try store.read { try $0.nodes(label: "B") }.isEmpty)
            #expect(try store.read { try $0.nodes(label: "C") }.map(\.id) == [created.id])
        }
    }

    @Test func updateMissingNodeFails() throws {
        try withStore { store, _ throws in
            let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
            expectServerError(.entityNotFound) {
                try transaction.updateNode(NodeRecord(id: 99, labels: [], properties: [:]))
            }
            transaction.rollback()
        }
    }

    @Test func deleteRemovesNode() throws {
        try withStore { store, _ throws in
            let created = try store.write { try $0.createNode(labels: ["A"], properties: ["k": 1]) }
            try store.write { try $0.deleteNode(id: created.id) }
            #expect(try store.read { try $0.node(id: created.id) } == nil)
            #expect(try store.read { try $0.nodes(label: "A") }.isEmpty)
            #expect(try store.read { try $0.labels() }.isEmpty)
            #expect(try store.read { try $0.propertyKeys() }.isEmpty)
        }
    }

    @Test func deleteMissingNodeIsNoOp() throws {
        try withStore { store, _ throws in
            try store.write { try $0.deleteNode(id: 77) }
        }
    }

    @Test func idsNeverReused() throws {
        try withTemporaryDirectory { directory throws in
            let first = try makeStore(directory)
            let deleted = try first.write { transaction in
                _ = try transaction.createNode(labels: [], properties: [:])
                return try transaction.createNode(labels: [], properties: [:])
            }
            try first.write { try $0.deleteNode(id: deleted.id) }
            first.close()
            let second = try makeStore(directory)
            defer { second.close() }
            let next = try second.write { try $0.createNode(labels: [], properties: [:]) }
            #expect(next.id > deleted.id)
        }
    }

    @Test func readOnlyRejectsWrites() throws {
        try withStore { store, _ throws in
            let transaction = try store.beginTransaction(database: "nornic", readOnly: true)
            defer { transaction.rollback() }
            let error = expectServerError(
                ServerError.Status(code: "Neo.ClientError.Statement.AccessMode", gqlStatus: "", gqlDescription: "")
            ) {
                _ = try transaction.createNode(labels: [], properties: [:])
            }
            #expect(error?.message.contains("read access mode") == true)
            expectServerError(
                ServerError.Status(code: "Neo.ClientError.Statement.AccessMode", gqlStatus: "", gqlDescription: "")
            ) {
                try transaction.createIndex(IndexDescriptor(name: "i", label: "L", properties: ["p"]))
            }
        }
    }
}
