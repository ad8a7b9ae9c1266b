import Cypher
import GraphValue
import Host
import Store

/// A planned schema command.
struct SchemaPlan: Sendable {
    enum Action: Sendable {
        case createIndex(IndexDescriptor, ifNotExists: Bool)
        case dropIndex(name: String, ifExists: Bool)
        case dropIndexOn(label: String, properties: [String])
        case showIndexes(ShowPlan)
    }

    let action: Action

    /// True for the commands that change the schema, false for `SHOW`.
    var writes: Bool {
        if case .showIndexes = action { return false }
        return true
    }

    /// Plans a command; kinds the store cannot hold are rejected here, before anything runs.
    init(_ command: SchemaCommand) throws(ServerError) {
        switch command {
        case .createIndex(let definition):
            action = .createIndex(try Self.descriptor(for: definition), ifNotExists: definition.ifNotExists)
        case .dropIndex(let name, let ifExists):
            action = .dropIndex(name: name, ifExists: ifExists)
        case .dropIndexOn(let label, let properties):
            action = .dropIndexOn(label: label, properties: properties)
        case .showIndexes(let kind, let filter):
            if let kind, kind != .all, kind != .range, kind != .btree {
                action = .showIndexes(try ShowPlan(filter, table: IndexTable.self, emptyKind: true))
            } else {
                action = .showIndexes(try ShowPlan(filter, table: IndexTable.self, emptyKind: false))
            }
        case .createConstraint, .dropConstraint, .showConstraints:
            throw ServerError(.semanticError, "Constraints are not supported by this server")
        }
    }

    private static func descriptor(for definition: IndexDefinition) throws(ServerError) -> IndexDescriptor {
        if let kind = definition.kind, kind != .range, kind != .btree {
            throw ServerError(.semanticError, "\(kind.rawValue) indexes are not supported by this server")
        }
        guard case .node(_, let label) = definition.entity else {
            throw ServerError(.semanticError, "Relationship property indexes are not supported by this server")
        }
        let name = definition.name ?? defaultIndexName(label: label, properties: definition.properties)
        return IndexDescriptor(name: name, label: label, properties: definition.properties)
    }

    /// Derives a name in Neo4j's `index_<8 hex digits>` shape from what the index covers, so the
    /// same definition always gets the same name.
    ///
    /// NOTE: The digits are an FNV-1a hash of our own; they match the shape of Neo4j's names, not
    /// the names Neo4j itself would generate.
    static func defaultIndexName(label: String, properties: [String]) -> String {
        var hash: UInt32 = 0x811c_9dc5
        for byte in "RANGE:NODE:\(label):\(properties.joined(separator: ","))".utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        let digits = String(hash, radix: 16)
        return "index_" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    func execute(_ context: ExecutionContext) throws -> (columns: [String], rows: [Row]) {
        switch action {
        case .createIndex(let descriptor, let ifNotExists):
            do {
                try context.transaction.createIndex(descriptor)
                context.statistics.indexesAdded += 1
            } catch let error as ServerError where ifNotExists && error.status == .equivalentSchemaRuleAlreadyExists {
                // IF NOT EXISTS turns an existing equivalent index into a no-op.
            }
            return ([], [])
        case .dropIndex(let name, let ifExists):
            do {
                try context.transaction.dropIndex(named: name)
                context.statistics.indexesRemoved += 1
            } catch let error as ServerError where ifExists && error.status == .indexNotFound {
                // IF EXISTS turns a missing index into a no-op.
            }
            return ([], [])
        case .dropIndexOn(let label, let properties):
            guard
                let index = try context.transaction.indexes().first(where: {
                    $0.label == label && $0.properties == properties
                })
            else {
                throw ServerError(
                    .indexNotFound,
                    "Unable to drop index on (:\(label) {\(properties.joined(separator: ", "))}). There is no such index."
                )
            }
            try context.transaction.dropIndex(named: index.name)
            context.statistics.indexesRemoved += 1
            return ([], [])
        case .showIndexes(let plan):
            return try plan.execute(IndexTable.rows(context), context)
        }
    }
}

/// The rows of `SHOW INDEXES`, in Neo4j 5's columns.
enum IndexTable: ShowTable {
    static let defaultColumns = [
        "id", "name", "state", "populationPercent", "type", "entityType", "labelsOrTypes", "properties",
        "indexProvider", "owningConstraint", "lastRead", "readCount",
    ]
    static let allColumns = defaultColumns + ["trackedSince", "options", "failureMessage", "createStatement"]

    // NOTE: Neo4j also lists its two built-in LOOKUP indexes; this store has none, so none are shown.
    static func rows(_ context: ExecutionContext) throws -> [Row] {
        try context.transaction.indexes().sorted { $0.name < $1.name }.enumerated().map { offset, index in
            let statement =
                "CREATE RANGE INDEX `\(index.name)` FOR (n:`\(index.label)`) ON ("
                + index.properties.map { "n.`\($0)`" }.joined(separator: ", ") + ")"
            return [
                "id": .integer(Int64(offset + 1)), "name": .string(index.name), "state": "ONLINE",
                "populationPercent": .float(100), "type": "RANGE", "entityType": "NODE",
                "labelsOrTypes": .list([.string(index.label)]),
                "properties": .list(index.properties.map { .string($0) }),
                "indexProvider": "range-1.0", "owningConstraint": .null, "lastRead": .null, "readCount": .integer(0),
                "trackedSince": .null, "options": .map(["indexProvider": "range-1.0", "indexConfig": .map([:])]),
                "failureMessage": "", "createStatement": .string(statement),
            ]
        }
    }
}
