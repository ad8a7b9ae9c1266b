import Host

/// A management API error whose HTTP status is not the one ``HTTPStatus/of(_:)`` gives its
/// Neo4j status: 404 for an unknown account and 409 for a name that is taken.
struct ManagementError: Error {
    let error: ServerError
    let status: Int

    /// 404 for an account that does not exist or is of the other kind than the path names.
    static func notFound(_ message: String) -> ManagementError {
        ManagementError(error: ServerError(.invalidArguments, message), status: 404)
    }

    /// 409 for a create whose name belongs to an existing account of either kind.
    static func conflict(_ message: String) -> ManagementError {
        ManagementError(error: ServerError(.invalidArguments, message), status: 409)
    }

    /// 403 for an identity whose password must be changed before anything else, with the
    /// message the Cypher commands give.
    static let credentialsExpired = ManagementError(
        error: ServerError(
            .credentialsExpired,
            "Permission denied. The credentials you provided were valid, but must be changed before you can use "
                + "this instance."
        ),
        status: 403
    )
}
