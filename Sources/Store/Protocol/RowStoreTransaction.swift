/// A ``StoreTransaction`` built from row operations on one database connection. Both SQL stores
/// adopt it, and its extension implements the calls that need nothing beyond these operations.
public protocol RowStoreTransaction: StoreTransaction {
    associatedtype Connection

    /// Runs a call that only reads.
    func read<T>(_ body: (Connection) throws -> T) throws -> T
    /// Runs a call that writes, so that a call that fails leaves no partial change behind.
    func write<T>(_ body: (Connection) throws -> T) throws -> T
    func fetchNode(id: Int64, on connection: Connection) throws -> NodeRecord?
    func fetchRelationship(id: Int64, on connection: Connection) throws -> RelationshipRecord?
    /// Deletes a relationship's row and updates the property key use counts.
    func deleteRelationshipRow(_ relationship: RelationshipRecord, on connection: Connection) throws
    /// Returns the index definitions, sorted by name.
    func indexDefinitions(on connection: Connection) throws -> [IndexDescriptor]
    /// Returns the distinct values of `column` in `table`, in UTF-8 byte order.
    func distinctValues(column: String, table: String, on connection: Connection) throws -> [String]
}

extension RowStoreTransaction {
    public func node(id: Int64) throws -> NodeRecord? {
        try read { connection in try fetchNode(id: id, on: connection) }
    }

    public func relationship(id: Int64) throws -> RelationshipRecord? {
        try read { connection in try fetchRelationship(id: id, on: connection) }
    }

    /// Deletes a relationship. Deleting one that does not exist does nothing.
    public func deleteRelationship(id: Int64) throws {
        try write { connection in
            guard let old = try fetchRelationship(id: id, on: connection) else { return }
            try deleteRelationshipRow(old, on: connection)
        }
    }

    /// Returns the indexes, sorted by name.
    public func indexes() throws -> [IndexDescriptor] {
        try read { connection in try indexDefinitions(on: connection) }
    }

    /// Returns the labels of at least one node, in UTF-8 byte order (code point order).
    public func labels() throws -> [String] {
        try read { connection in try distinctValues(column: "label", table: "node_labels", on: connection) }
    }

    /// Returns the types of at least one relationship, in UTF-8 byte order (code point order).
    public func relationshipTypes() throws -> [String] {
        try read { connection in try distinctValues(column: "type", table: "relationships", on: connection) }
    }
}
