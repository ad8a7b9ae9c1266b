import Cypher
import GraphValue
import Host
import Store

/// `SET` items, applied row by row and item by item in written order.
struct SetOperator: Operator {
    let items: [SetItem]
    var description: String { "SetProperties" }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        let writer = EntityWriter(context: context)
        for row in rows {
            for item in items {
                switch item {
                case .property(let entity, let key, let value):
                    let target = try evaluator.evaluate(entity, row)
                    try writer.setProperty(key, to: try evaluator.evaluate(value, row), on: target)
                case .replaceProperties(let variable, let value):
                    let properties = try Self.properties(of: evaluator.evaluate(value, row), context)
                    try writer.setProperties(properties, on: evaluator.evaluate(.variable(variable), row), replace: true)
                case .mergeProperties(let variable, let value):
                    let properties = try Self.properties(of: evaluator.evaluate(value, row), context)
                    try writer.setProperties(properties, on: evaluator.evaluate(.variable(variable), row), replace: false)
                case .labels(let variable, let labels):
                    try writer.addLabels(labels, to: evaluator.evaluate(.variable(variable), row))
                }
            }
        }
        return rows
    }

    /// The map on the right of `=` or `+=`: a map, or the properties of a node or relationship.
    static func properties(of value: Value, _ context: ExecutionContext) throws -> [String: Value] {
        switch value {
        case .null: return [:]
        case .map(let entries): return entries
        case .node(let node): return try context.current(node).properties
        case .relationship(let relationship): return try context.current(relationship).properties
        default:
            throw ServerError(.typeError, "Expected a Map, Node or Relationship to set properties from, got \(value.typeName)")
        }
    }
}

/// `REMOVE` items.
struct RemoveOperator: Operator {
    let items: [RemoveItem]
    var description: String { "RemoveProperties" }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        let writer = EntityWriter(context: context)
        for row in rows {
            for item in items {
                switch item {
                case .property(let entity, let key):
                    try writer.setProperty(key, to: .null, on: try evaluator.evaluate(entity, row))
                case .labels(let variable, let labels):
                    try writer.removeLabels(labels, from: evaluator.evaluate(.variable(variable), row))
                }
            }
        }
        return rows
    }
}

/// Property and label writes with Neo4j's statistics: one property set per key written or
/// removed, one label per label actually added or removed. Null targets are skipped.
struct EntityWriter {
    let context: ExecutionContext

    func setProperty(_ key: String, to value: Value, on target: Value) throws {
        let stored = try PropertyValues.storable(value, key: key)
        try modifyProperties(of: target) { properties in
            if stored == nil && properties[key] == nil { return 0 }
            properties[key] = stored
            return 1
        }
    }

    func setProperties(_ values: [String: Value], on target: Value, replace: Bool) throws {
        var checked: [String: Value?] = [:]
        for (key, value) in values { checked.updateValue(try PropertyValues.storable(value, key: key), forKey: key) }
        try modifyProperties(of: target) { properties in
            var changes = 0
            if replace {
                for key in properties.keys where checked[key] == nil {
                    properties[key] = nil
                    changes += 1
                }
            }
            for (key, value) in checked {
                if value == nil && properties[key] == nil { continue }
                properties[key] = value
                changes += 1
            }
            return changes
        }
    }

    func addLabels(_ labels: [String], to target: Value) throws {
        guard case .node(let node) = target else {
            if target.isNull { return }
            throw ServerError(.typeError, "Expected a Node to set labels on, but got \(target.typeName)")
        }
        var record = try context.nodeRecord(id: node.id)
        let added = labels.reduce(into: [String]()) { result, label in
            if !record.labels.contains(label) && !result.contains(label) { result.append(label) }
        }
        guard !added.isEmpty else { return }
        record.labels += added
        try context.update(record)
        context.statistics.labelsAdded += added.count
    }

    func removeLabels(_ labels: [String], from target: Value) throws {
        guard case .node(let node) = target else {
            if target.isNull { return }
            throw ServerError(.typeError, "Expected a Node to remove labels from, but got \(target.typeName)")
        }
        var record = try context.nodeRecord(id: node.id)
        let removed = Set(labels).intersection(record.labels)
        guard !removed.isEmpty else { return }
        record.labels.removeAll { removed.contains($0) }
        try context.update(record)
        context.statistics.labelsRemoved += removed.count
    }

    /// Applies `change`, which returns how many properties it set, and stores the result.
    private func modifyProperties(of target: Value, _ change: (inout [String: Value]) -> Int) throws {
        switch target {
        case .null:
            return
        case .node(let node):
            var record = try context.nodeRecord(id: node.id)
            let count = change(&record.properties)
            if count > 0 { try context.update(record) }
            context.statistics.propertiesSet += count
        case .relationship(let relationship):
            var record = try context.relationshipRecord(id: relationship.id)
            let count = change(&record.properties)
            if count > 0 { try context.update(record) }
            context.statistics.propertiesSet += count
        default:
            throw ServerError(
                .typeError, "Expected a Node or Relationship to set properties on, but got \(target.typeName)")
        }
    }
}

/// `[DETACH] DELETE`: relationships go first, so a node whose relationships the same clause
/// deletes can go too.
struct DeleteOperator: Operator {
    let expressions: [Expression]
    let detach: Bool
    var description: String { detach ? "DetachDelete" : "Delete" }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        var nodes: [Int64] = []
        var relationships: [Int64] = []
        func collect(_ value: Value) throws {
            switch value {
            case .null: break
            case .node(let node): nodes.append(node.id)
            case .relationship(let relationship): relationships.append(relationship.id)
            case .path(let path):
                relationships += path.relationships.map(\.id)
                nodes += path.nodes.map(\.id)
            case .list(let items) where items.allSatisfy({ $0.isEntity }):
                for item in items { try collect(item) }
            default:
                throw ServerError(.typeError, "Expected a Node, Relationship or Path to delete, but got \(value.typeName)")
            }
        }
        for row in rows {
            for expression in expressions { try collect(evaluator.evaluate(expression, row)) }
        }
        for id in relationships { try context.deleteRelationship(id: id) }
        for id in nodes { try context.deleteNode(id: id, detach: detach) }
        return rows
    }
}

extension Value {
    fileprivate var isEntity: Bool {
        switch self {
        case .null, .node, .relationship, .path: true
        default: false
        }
    }
}
