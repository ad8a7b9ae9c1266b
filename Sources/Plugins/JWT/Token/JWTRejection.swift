import Host

/// The reason a bearer token was rejected, turned into a ``ServerError`` that never contains the token.
enum JWTRejection: Error, Equatable {
    case tooLong(limit: Int)
    /// The token's encoding, header or JSON is not acceptable; the text names the rule that failed.
    case malformed(String)
    case unsupportedAlgorithm
    case badSignature
    /// The claims set is missing a required claim or has a claim of the wrong form.
    case invalidClaims(String)
    case expired
    case notYetValid
    /// The token is well-formed and signed, but the account it names no longer accepts it.
    case accountRejected(String)
    /// The token is marked `local_account`, but its `issuer_node` names another node or is missing.
    case issuedByAnotherNode(missing: Bool)
    /// The token's `jti` is on the revocation list.
    case revoked

    var serverError: ServerError {
        switch self {
        case .expired:
            ServerError(.tokenExpired, "The bearer token has expired; log in again with a fresh one.")
        case .tooLong(let limit):
            ServerError(.unauthorized, "Invalid bearer token: it is longer than \(limit) bytes.")
        case .malformed(let reason):
            ServerError(.unauthorized, "Invalid bearer token: \(reason).")
        case .unsupportedAlgorithm:
            ServerError(
                .unauthorized,
                "Invalid bearer token: the 'alg' header names an algorithm that is not accepted."
            )
        case .badSignature:
            ServerError(.unauthorized, "Invalid bearer token: the signature does not match.")
        case .invalidClaims(let reason):
            ServerError(.unauthorized, "Invalid bearer token: \(reason).")
        case .notYetValid:
            ServerError(.unauthorized, "Invalid bearer token: it is not valid yet ('nbf' or 'iat' is in the future).")
        case .accountRejected(let reason):
            ServerError(.unauthorized, "Invalid bearer token: \(reason).")
        case .issuedByAnotherNode(missing: false):
            ServerError(.unauthorized, "The token was issued by another node; log in on this node.")
        case .issuedByAnotherNode(missing: true):
            ServerError(
                .unauthorized,
                "Invalid bearer token: it is marked 'local_account' but has no 'issuer_node' claim; "
                    + "log in on this node for a new token."
            )
        case .revoked:
            ServerError(.unauthorized, "The token has been revoked.")
        }
    }
}
