import Cypher
import GraphValue
import Host

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
                .typeError,
                "Expected a Node or Relationship to set properties on, but got \(target.typeName)"
            )
        }
    }
}
