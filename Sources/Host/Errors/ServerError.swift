/// An error a client may see: a Neo4j status code with a message safe to send.
///
/// The status is chosen once, where the error is created. Internal details never go into
/// `message`; log them where they are caught instead.
public struct ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Status
    public var message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.code): \(message)" }

    public static func == (lhs: ServerError, rhs: ServerError) -> Bool { lhs.status == rhs.status }
}

extension ServerError {
    /// A Neo4j status code with the GQL status that Bolt 5.7+ sends beside it.
    public struct Status: Sendable, Hashable {
        /// The Neo4j code, for example `Neo.ClientError.Security.Unauthorized`.
        public let code: String
        /// The GQLSTATUS code, for example `42NFF`.
        public let gqlStatus: String
        /// The GQLSTATUS description prefix, which the message completes.
        public let gqlDescription: String

        public init(code: String, gqlStatus: String, gqlDescription: String) {
            self.code = code
            self.gqlStatus = gqlStatus
            self.gqlDescription = gqlDescription
        }

        /// `ClientError`, `TransientError` or `DatabaseError`, the second part of the code.
        public var classification: String {
            let parts = code.split(separator: ".")
            return parts.count > 1 ? String(parts[1]) : "DatabaseError"
        }
    }
}

// NOTE: The GQL statuses are the closest codes from the GQL standard and Neo4j's status-code
// documentation; clients classify errors by the Neo4j code, which is exact.
extension ServerError.Status {
    private static let accessDenied =
        "error: syntax error or access rule violation - permission/access denied"

    public static let unauthorized = Self(
        code: "Neo.ClientError.Security.Unauthorized",
        gqlStatus: "42NFF",
        gqlDescription: accessDenied
    )
    public static let forbidden = Self(
        code: "Neo.ClientError.Security.Forbidden",
        gqlStatus: "42NFF",
        gqlDescription: accessDenied
    )
    public static let credentialsExpired = Self(
        code: "Neo.ClientError.Security.CredentialsExpired",
        gqlStatus: "42NFF",
        gqlDescription: accessDenied
    )
    public static let tokenExpired = Self(
        code: "Neo.ClientError.Security.TokenExpired",
        gqlStatus: "42NFE",
        gqlDescription: "error: syntax error or access rule violation - auth info expired"
    )
    public static let authorizationExpired = Self(
        code: "Neo.ClientError.Security.AuthorizationExpired",
        gqlStatus: "42NFE",
        gqlDescription: "error: syntax error or access rule violation - auth info expired"
    )
    public static let authenticationRateLimit = Self(
        code: "Neo.ClientError.Security.AuthenticationRateLimit",
        gqlStatus: "42NFF",
        gqlDescription: accessDenied
    )
    public static let authProviderFailed = Self(
        code: "Neo.TransientError.Security.AuthProviderFailed",
        gqlStatus: "50N00",
        gqlDescription: "error: general processing exception - internal error"
    )
    public static let authProviderTimeout = Self(
        code: "Neo.TransientError.Security.AuthProviderTimeout",
        gqlStatus: "50N00",
        gqlDescription: "error: general processing exception - internal error"
    )

    public static let syntaxError = Self(
        code: "Neo.ClientError.Statement.SyntaxError",
        gqlStatus: "42001",
        gqlDescription: "error: syntax error or access rule violation - invalid syntax"
    )
    public static let semanticError = Self(
        code: "Neo.ClientError.Statement.SemanticError",
        gqlStatus: "42N00",
        gqlDescription: "error: syntax error or access rule violation"
    )
    public static let typeError = Self(
        code: "Neo.ClientError.Statement.TypeError",
        gqlStatus: "22N01",
        gqlDescription: "error: data exception - invalid type"
    )
    public static let argumentError = Self(
        code: "Neo.ClientError.Statement.ArgumentError",
        gqlStatus: "22N00",
        gqlDescription: "error: data exception - unsupported value"
    )
    public static let arithmeticError = Self(
        code: "Neo.ClientError.Statement.ArithmeticError",
        gqlStatus: "22003",
        gqlDescription: "error: data exception - numeric value out of range"
    )
    public static let entityNotFound = Self(
        code: "Neo.ClientError.Statement.EntityNotFound",
        gqlStatus: "22N00",
        gqlDescription: "error: data exception - entity not found"
    )
    public static let parameterMissing = Self(
        code: "Neo.ClientError.Statement.ParameterMissing",
        gqlStatus: "42N51",
        gqlDescription: "error: syntax error or access rule violation - invalid parameter"
    )
    public static let constraintValidationFailed = Self(
        code: "Neo.ClientError.Schema.ConstraintValidationFailed",
        gqlStatus: "22N00",
        gqlDescription: "error: data exception"
    )
    public static let indexNotFound = Self(
        code: "Neo.ClientError.Schema.IndexNotFound",
        gqlStatus: "50N11",
        gqlDescription: "error: general processing exception - index not found"
    )
    public static let equivalentSchemaRuleAlreadyExists = Self(
        code: "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        gqlStatus: "22N71",
        gqlDescription: "error: data exception - index already exists"
    )
    public static let unsupportedAdministrationCommand = Self(
        code: "Neo.ClientError.Statement.UnsupportedAdministrationCommand",
        gqlStatus: "42N17",
        gqlDescription: "error: syntax error or access rule violation - unsupported request"
    )
    public static let invalidArguments = Self(
        code: "Neo.ClientError.General.InvalidArguments",
        gqlStatus: "22N00",
        gqlDescription: "error: data exception - unsupported value"
    )
    public static let notSystemDatabase = Self(
        code: "Neo.ClientError.Statement.NotSystemDatabaseError",
        gqlStatus: "42N17",
        gqlDescription: "error: syntax error or access rule violation - unsupported request"
    )

    public static let databaseNotFound = Self(
        code: "Neo.ClientError.Database.DatabaseNotFound",
        gqlStatus: "22N51",
        gqlDescription: "error: data exception - graph reference not found"
    )
    public static let transactionNotFound = Self(
        code: "Neo.ClientError.Transaction.TransactionNotFound",
        gqlStatus: "25N05",
        gqlDescription: "error: invalid transaction state - transaction not found"
    )
    public static let invalidTransactionState = Self(
        code: "Neo.ClientError.Transaction.InvalidBookmark",
        gqlStatus: "25N00",
        gqlDescription: "error: invalid transaction state"
    )
    public static let transientTransactionFailure = Self(
        code: "Neo.TransientError.Transaction.DeadlockDetected",
        gqlStatus: "40N01",
        gqlDescription: "error: transaction rollback - deadlock detected"
    )
    public static let transactionTimedOut = Self(
        code: "Neo.ClientError.Transaction.TransactionTimedOut",
        gqlStatus: "25N09",
        gqlDescription: "error: invalid transaction state - transaction timed out"
    )

    public static let requestInvalid = Self(
        code: "Neo.ClientError.Request.Invalid",
        gqlStatus: "08N06",
        gqlDescription: "error: connection exception - protocol error"
    )
    public static let invalidFormat = Self(
        code: "Neo.ClientError.Request.InvalidFormat",
        gqlStatus: "08N06",
        gqlDescription: "error: connection exception - protocol error"
    )
    public static let unknownError = Self(
        code: "Neo.DatabaseError.General.UnknownError",
        gqlStatus: "50N42",
        gqlDescription: "error: general processing exception - unexpected error"
    )
}

extension ServerError {
    /// Wraps an error that is not a `ServerError` as a generic database error, so that no
    /// internal detail reaches the client.
    public static func wrapping(_ error: any Error) -> ServerError {
        if let error = error as? ServerError { return error }
        return ServerError(.unknownError, "An unexpected error occurred; see the server log for details.")
    }
}
