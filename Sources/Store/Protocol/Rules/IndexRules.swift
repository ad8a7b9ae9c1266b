import GraphValue
import Host
import StoreCodec

extension IndexDescriptor {
    /// Checks the shape of a new index before a store records it.
    ///
    /// - Throws: `Neo.ClientError.General.InvalidArguments` if the name is empty or the property
    ///   list is empty or repeats a key.
    public func validate() throws {
        guard !name.isEmpty, !properties.isEmpty, Set(properties).count == properties.count else {
            throw ServerError(
                .invalidArguments,
                "Index '\(name)' needs a non-empty name and one or more distinct properties."
            )
        }
    }

    /// Checks that none of `existing` takes this index's name or its label and properties.
    ///
    /// - Throws: `Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists`, worded like Neo4j's
    ///   message for an equal index, a taken name, or a taken schema.
    public func checkNoClash(with existing: [IndexDescriptor]) throws {
        guard let clash = existing.first(where: { $0.name == name || $0.hasSameSchema(as: self) }) else { return }
        let schema = "(:\(clash.label) {\(clash.properties.joined(separator: ", "))})"
        if clash == self {
            throw ServerError(
                .equivalentSchemaRuleAlreadyExists,
                "An equivalent index already exists, 'Index( name='\(clash.name)', schema=\(schema) )'."
            )
        }
        if clash.name == name {
            throw ServerError(
                .equivalentSchemaRuleAlreadyExists,
                "There already exists an index called '\(clash.name)'."
            )
        }
        throw ServerError(
            .equivalentSchemaRuleAlreadyExists,
            "There already exists an index \(schema), named '\(clash.name)'."
        )
    }

    /// Checks that `existing` contains an index called `name`, before a store drops it.
    ///
    /// - Throws: `Neo.ClientError.Schema.IndexNotFound` if none does.
    public static func checkExists(named name: String, in existing: [IndexDescriptor]) throws {
        guard existing.contains(where: { $0.name == name }) else {
            throw ServerError(.indexNotFound, "Unable to drop index called `\(name)`. There is no such index.")
        }
    }

    /// Returns the ``IndexKey`` under which `node` is filed in this index, or nil when the node is
    /// not filed because one of the indexed properties is missing or has no key.
    public func entryKey(for node: NodeRecord) -> [UInt8]? {
        IndexKey.make(properties.map { node.properties[$0] ?? .null })
    }

    private func hasSameSchema(as other: IndexDescriptor) -> Bool {
        label == other.label && properties == other.properties
    }
}

extension Array where Element == IndexDescriptor {
    /// Returns the index that serves an equality lookup on `label` and `key`, which must be on
    /// exactly that label and that single property. A composite index cannot serve it, because nodes missing one
    /// of its other properties are not filed under it.
    public func lookupIndex(label: String, key: String) -> IndexDescriptor? {
        first { $0.label == label && $0.properties == [key] }
    }

    /// Returns whether one of these indexes is on a label of `node`, so the node may have entries.
    public func coversAnyLabel(of node: NodeRecord) -> Bool {
        contains { node.labels.contains($0.label) }
    }
}

extension NodeRecord {
    /// Returns whether the `key` property has the ``IndexKey`` `target`. An index lookup and a
    /// label scan both use this test, so they return the same nodes.
    public func hasProperty(_ key: String, withIndexKey target: [UInt8]) -> Bool {
        guard let property = properties[key] else { return false }
        return IndexKey.make(property) == target
    }
}
