public import GraphValue
public import Host

extension BoltResponse {
    /// Builds FAILURE for an error in the shape the negotiated version expects.
    ///
    /// Before Bolt 5.7 the metadata is `{code, message}`. From 5.7 on it is the GQL shape:
    /// `neo4j_code`, `message`, `gql_status`, `description` (the GQL status description
    /// followed by the message) and `diagnostic_record`. The drivers classify 5.7+ errors by
    /// `neo4j_code`, so the old shape there would turn every error into an unknown DatabaseError.
    public static func failure(_ error: ServerError, version: BoltVersion) -> BoltResponse {
        .failure(failureMetadata(for: error, version: version))
    }

    public static func failureMetadata(for error: ServerError, version: BoltVersion) -> [String: Value] {
        guard version.usesGQLErrors else {
            return ["code": .string(error.status.code), "message": .string(error.message)]
        }
        var metadata = gqlObject(
            gqlStatus: error.status.gqlStatus,
            description: error.status.gqlDescription,
            message: error.message,
            classification: error.status.classification
        )
        metadata["neo4j_code"] = .string(error.status.code)
        if error.status == .credentialsExpired {
            // Neo4j explains an expired password with a cause under the generic 42NFF status.
            metadata["cause"] = .map(
                gqlObject(
                    gqlStatus: "42NFD",
                    description: "error: syntax error or access rule violation - credentials expired",
                    message: "Permission denied. The credentials you provided were valid, but must be changed "
                        + "before you can use this instance.",
                    classification: error.status.classification
                )
            )
        }
        // NOTE: Neo4j also attaches cause 08N10 (invalid server state) to state errors of
        // Neo.ClientError.Request.Invalid; ServerError has no field for it, so none is sent.
        return metadata
    }

    private static func gqlObject(
        gqlStatus: String,
        description: String,
        message: String,
        classification: String
    ) -> [String: Value] {
        [
            "message": .string(message),
            "gql_status": .string(gqlStatus),
            "description": .string("\(description). \(message)"),
            "diagnostic_record": .map([
                "_classification": .string(diagnosticClassification(classification)),
                "OPERATION": "",
                "OPERATION_CODE": "0",
                "CURRENT_SCHEMA": "/",
            ]),
        ]
    }

    /// Maps the second part of a Neo4j code to the GQL diagnostic classification.
    static func diagnosticClassification(_ classification: String) -> String {
        switch classification {
        case "ClientError": "CLIENT_ERROR"
        case "TransientError": "TRANSIENT_ERROR"
        default: "DATABASE_ERROR"
        }
    }
}
