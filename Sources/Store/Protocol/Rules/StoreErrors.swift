public import Host

/// The errors both stores raise for the same rule, with Neo4j's status codes and wording.
public enum StoreErrors {
    /// Returns the error for a write in a read-only transaction.
    public static func writeInReadMode(database: String) -> ServerError {
        ServerError(
            .accessMode,
            "Writing in read access mode not allowed. Attempted write to database '\(database)'."
        )
    }

    /// Returns the error for a call on a transaction that was already committed or rolled back.
    public static func transactionFinished() -> ServerError {
        ServerError(.unknownError, "The store transaction has already been committed or rolled back.")
    }

    /// Returns the error for a call on a transaction that the storage engine rolled back after a fault.
    public static func transactionAborted() -> ServerError {
        ServerError(
            .unknownError,
            "The store transaction was rolled back after a storage error; start a new transaction."
        )
    }

    /// Returns the error for a missing node that a call needs.
    public static func nodeNotFound(_ id: Int64) -> ServerError {
        ServerError(.entityNotFound, "Node with id \(id) not found.")
    }

    /// Returns the error for a missing relationship that a call needs.
    public static func relationshipNotFound(_ id: Int64) -> ServerError {
        ServerError(.entityNotFound, "Relationship with id \(id) not found.")
    }

    /// Returns the error for an update that changes a relationship's type or end nodes, which Cypher never does.
    public static func relationshipIdentityChanged(_ id: Int64) -> ServerError {
        ServerError(
            .invalidArguments,
            "The type and end nodes of relationship \(id) cannot change; only its properties can."
        )
    }

    /// Returns the error for a plain delete of a node that still has relationships.
    public static func nodeHasRelationships(_ id: Int64) -> ServerError {
        ServerError(
            .constraintValidationFailed,
            "Cannot delete node<\(id)>, because it still has relationships. "
                + "To delete this node, you must first delete its relationships."
        )
    }

    /// Returns the error for a database name that no database has.
    public static func databaseNotFound(_ database: String) -> ServerError {
        ServerError(.databaseNotFound, "Database does not exist. Database name: '\(database)'.")
    }
}

/// Database names as both stores accept them.
public enum DatabaseName {
    /// Returns `name` in lowercase after checking the naming rule: 3 to 63 characters from
    /// a-z, 0-9, '.' and '-', starting with a letter.
    ///
    /// - Throws: `Neo.ClientError.General.InvalidArguments` if `name` breaks the rule.
    public static func normalized(_ name: String) throws -> String {
        let lowered = name.lowercased()
        let allowed = lowered.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-"
        }
        guard allowed, (3...63).contains(lowered.unicodeScalars.count),
            let first = lowered.unicodeScalars.first, ("a"..."z").contains(first)
        else {
            throw ServerError(
                .invalidArguments,
                "Invalid database name '\(name)': use 3 to 63 characters from a-z, 0-9, '.' and '-', "
                    + "starting with a letter."
            )
        }
        return lowered
    }
}

/// The property keys an update adds and removes, for the stores' key use counts.
public struct PropertyKeyChanges {
    public let added: Set<String>
    public let removed: Set<String>

    public init(old: [String: some Any], new: [String: some Any]) {
        let oldKeys = Set(old.keys)
        let newKeys = Set(new.keys)
        added = newKeys.subtracting(oldKeys)
        removed = oldKeys.subtracting(newKeys)
    }
}
