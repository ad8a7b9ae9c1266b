public import GraphValue

/// Fixed bounds on one statement's text and parameters, checked before it is parsed.
///
/// The Bolt message size bounds both already, but it is sized for data. These bounds keep the
/// parser and the parameter table small whatever the message size setting.
public enum StatementBounds {
    // NOTE: Neo4j fixes neither bound. One MiB of Cypher is far beyond hand-written or generated
    // queries, which pass bulk data as parameters; 65,536 names is far beyond any real statement.
    /// The maximum statement text length in UTF-8 bytes.
    public static let maximumTextBytes = 1 << 20
    /// The maximum number of parameters, counting top-level names only.
    public static let maximumParameterCount = 65_536

    /// Throws `Neo.ClientError.Request.Invalid` when the text or the parameters exceed a bound.
    public static func check(_ text: String, parameters: [String: Value]) throws(ServerError) {
        guard text.utf8.count <= maximumTextBytes else {
            throw ServerError(
                .requestInvalid,
                "The statement is \(text.utf8.count) bytes long, more than the limit of \(maximumTextBytes); "
                    + "pass data as parameters."
            )
        }
        guard parameters.count <= maximumParameterCount else {
            throw ServerError(
                .requestInvalid,
                "The statement has \(parameters.count) parameters, more than the limit of \(maximumParameterCount); "
                    + "pass them as one list or map parameter."
            )
        }
    }
}
