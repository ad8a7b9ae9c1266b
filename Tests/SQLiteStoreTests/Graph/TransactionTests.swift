import Foundation
import GraphValue
import Host
import SQLiteStore
import Store
import Synchronization
import Testing

@Suite struct TransactionTests {
    @Test func rollbackDiscards() throws {
        try withStore { store, _ throws in
            let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
            let node = try transaction.createNode(labels: ["A"], properties: ["k": 1])
            #expect(try transaction.node(id: node.id) != nil)
            transaction.rollback()
            #expect(try store.read { try $0.node(id: node.id) } == nil)
            #expect(try store.read { try $0.labels() }.isEmpty)
            #expect(try store.read { try $0.propertyKeys() }.isEmpty)
        }
    }

    @Test func droppedTransactionDiscards() throws {
        try withStore { store, _ throws in
            var id: Int64 = 0
            do {
                let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
                id = try transaction.createNode(labels: [], properties: [:]).id
            }
            #expect(try store.read { try $0.node(id: id) } == nil)
        }
    }

    @Test func uncommittedInvisibleToOthers() throws {
        try withStore { store, _ throws in
            let writer = try store.beginTransaction(database: "nornic", readOnly: false)
            defer { writer.rollback() }
            let node = try writer.createNode(labels: [], properties: [:])
            #expect(try store.read { try $0.node(id: node.id) } == nil)
        }
    }

    @Test func commitVisibleToSecondStore() throws {
        try withTemporaryDirectory { directory throws in
            // The first store stays open, as it would in a process that is killed.
            let first = try makeStore(directory)
            defer { first.close() }
            let node = try first.write { try $0.createNode(labels: ["Kept"], properties: ["v": "durable"]) }
            let second = try makeStore(directory)
            defer { second.close() }
            #expect(try second.read { try $0.node(id: node.id) } == node)
        }
    }

    @Test func commitPersistsAcrossReopen() throws {
        try withTemporaryDirectory { directory throws in
            let first = try makeStore(directory)
            let node = try first.write { try $0.createNode(labels: ["Kept"], properties: sampleValues) }
            first.close()
            let second = try makeStore(directory)
            defer { second.close() }
            #expect(try second.read { try $0.node(id: node.id) } == node)
        }
    }

    @Test func finishedTransactionRejectsCalls() throws {
        try withStore { store, _ throws in
            let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
            try transaction.commit()
            expectServerError(.unknownError) { _ = try transaction.node(id: 1) }
            expectServerError(.unknownError) { try transaction.commit() }
            transaction.rollback()
        }
    }

    @Test func failedCallLeavesNoPartialChange() throws {
        try withStore { store, _ throws in
            let graph = try RelationshipTests.makeGraph(store)
            let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
            expectServerError(.constraintValidationFailed) { try transaction.deleteNode(id: graph.b) }
            _ = try transaction.createNode(labels: ["After"], properties: [:])
            try transaction.commit()
            #expect(try store.read { try $0.node(id: graph.b) } != nil)
            #expect(try store.read { try $0.nodeCount(label: "After") } == 1)
        }
    }

    @Test func secondWriterGetsTransientError() throws {
        let configuration = SQLiteGraphStore.Configuration(busyTimeoutMilliseconds: 50)
        try withStore(configuration: configuration) { store, _ throws in
            let first = try store.beginTransaction(database: "nornic", readOnly: false)
            _ = try first.createNode(labels: ["First"], properties: [:])
            let second = try store.beginTransaction(database: "nornic", readOnly: false)
            expectServerError(.transientTransactionFailure) {
                _ = try second.createNode(labels: ["Second"], properties: [:])
            }
            second.rollback()
            try first.commit()
            // The retry after the first writer commits succeeds, and nothing is lost.
            _ = try store.write { try $0.createNode(labels: ["Second"], properties: [:]) }
            #expect(try store.read { try $0.labels() } == ["First", "Second"])
        }
    }

    @Test func secondWriterWaitsForCommit() throws {
        let configuration = SQLiteGraphStore.Configuration(busyTimeoutMilliseconds: 30_000)
        try withStore(configuration: configuration) { store, _ throws in
            let first = try store.beginTransaction(database: "nornic", readOnly: false)
            _ = try first.createNode(labels: ["First"], properties: [:])
            let handoff = Handoff(first)
            let committer = Thread {
                Thread.sleep(forTimeInterval: 0.2)
                try? handoff.value.commit()
            }
            committer.start()
            // This blocks in SQLite's busy handler until the other thread commits.
            _ = try store.write { try $0.createNode(labels: ["Second"], properties: [:]) }
            #expect(try store.read { try $0.labels() } == ["First", "Second"])
        }
    }

    @Test func staleSnapshotCannotWrite() throws {
        try withStore { store, _ throws in
            let counter = try store.write { try $0.createNode(labels: [], properties: ["n": 0]) }
            let stale = try store.beginTransaction(database: "nornic", readOnly: false)
            defer { stale.rollback() }
            let seen = try #require(try stale.node(id: counter.id))
            try store.write { try $0.updateNode(NodeRecord(id: counter.id, labels: [], properties: ["n": 1])) }
            // Writing from the old snapshot would lose the committed update, so it must fail.
            expectServerError(.transientTransactionFailure) {
                try stale.updateNode(NodeRecord(id: seen.id, labels: [], properties: ["n": 5]))
            }
            #expect(try store.read { try $0.node(id: counter.id)?.properties["n"] } == 1)
        }
    }

    @Test func reserveWriteTakesLockBeforeReading() throws {
        let configuration = SQLiteGraphStore.Configuration(busyTimeoutMilliseconds: 50)
        try withStore(configuration: configuration) { store, _ throws in
            let reserved = try store.beginTransaction(database: "nornic", readOnly: false)
            try reserved.reserveWrite()
            let other = try store.beginTransaction(database: "nornic", readOnly: false)
            expectServerError(.transientTransactionFailure) { try other.reserveWrite() }
            other.rollback()
            #expect(try store.read { try $0.nodes(label: nil) }.isEmpty)
            reserved.rollback()
        }
    }

    @Test func readersRunBesideWriter() throws {
        try withStore { store, _ throws in
            let writer = try store.beginTransaction(database: "nornic", readOnly: false)
            defer { writer.rollback() }
            _ = try writer.createNode(labels: [], properties: [:])
            let readers = try (0..<3).map { _ in try store.beginTransaction(database: "nornic", readOnly: true) }
            for reader in readers {
                #expect(try reader.nodes(label: nil).isEmpty)
                reader.rollback()
            }
        }
    }

    @Test func concurrentIncrementsLoseNothing() throws {
        let configuration = SQLiteGraphStore.Configuration(maximumConnections: 8, busyTimeoutMilliseconds: 30_000)
        try withStore(configuration: configuration) { store, _ throws in
            let counter = try store.write { try $0.createNode(labels: ["Counter"], properties: ["n": 0]) }
            let workers = 4
            let incrementsPerWorker = 25
            let retries = Atomic<Int>(0)
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for _ in 0..<incrementsPerWorker {
                    while true {
                        do {
                            try Self.increment(counter.id, in: store, reserving: worker.isMultiple(of: 2))
                            break
                        } catch let error as ServerError where error.status == .transientTransactionFailure {
                            retries.add(1, ordering: .relaxed)
                        } catch {
                            failures.withLock { $0.append("\(error)") }
                            return
                        }
                    }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
            let final = try store.read { try $0.node(id: counter.id)?.properties["n"] }
            #expect(final == .integer(Int64(workers * incrementsPerWorker)))
        }
    }

    /// Reads the counter and writes it back plus one; half the workers declare the write first.
    private static func increment(_ id: Int64, in store: SQLiteGraphStore, reserving: Bool) throws {
        let transaction = try store.beginTransaction(database: "nornic", readOnly: false)
        defer { transaction.rollback() }
        if reserving { try transaction.reserveWrite() }
        guard var node = try transaction.node(id: id), case .integer(let n) = node.properties["n"] else {
            throw ServerError(.unknownError, "counter missing")
        }
        node.properties["n"] = .integer(n + 1)
        try transaction.updateNode(node)
        try transaction.commit()
    }

    @Test func poolExhaustionIsTransient() throws {
        let configuration = SQLiteGraphStore.Configuration(maximumConnections: 2)
        try withStore(configuration: configuration) { store, _ throws in
            let open = try (0..<2).map { _ in try store.beginTransaction(database: "nornic", readOnly: true) }
            expectServerError(.transientTransactionFailure) {
                _ = try store.beginTransaction(database: "nornic", readOnly: true)
            }
            open[0].rollback()
            let reused = try store.beginTransaction(database: "nornic", readOnly: true)
            #expect(try reused.nodes(label: nil).isEmpty)
            reused.rollback()
            open[1].rollback()
        }
    }

    @Test func poolEvictsIdleConnectionOfOtherDatabase() throws {
        let configuration = SQLiteGraphStore.Configuration(maximumConnections: 1)
        try withStore(configuration: configuration) { store, _ throws in
            try store.createDatabase(named: "other")
            let transaction = try store.beginTransaction(database: "other", readOnly: false)
            _ = try transaction.createNode(labels: ["InOther"], properties: [:])
            try transaction.commit()
            #expect(try store.read { try $0.labels() }.isEmpty)
        }
    }

    @Test func tinyStatementCacheStillWorks() throws {
        let configuration = SQLiteGraphStore.Configuration(statementCacheCapacity: 1)
        try withStore(configuration: configuration) { store, _ throws in
            let graph = try RelationshipTests.makeGraph(store)
            try store.write { try $0.createIndex(IndexDescriptor(name: "n", label: "N", properties: ["name"])) }
            #expect(try store.read { try $0.nodes(label: "N", key: "name", equals: "b") }.map(\.id) == [graph.b])
            #expect(try store.read { try $0.relationships(of: graph.b, direction: .both, types: []) }.count == 2)
        }
    }

    @Test func closedStoreRejectsTransactions() throws {
        try withStore { store, _ throws in
            store.close()
            expectServerError(.unknownError) { _ = try store.beginTransaction(database: "nornic", readOnly: true) }
        }
    }
}
