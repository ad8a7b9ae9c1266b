public import Host

/// The entry point of the Cypher front end.
public enum CypherParser {
    /// Parses one statement: a query, a schema command or an administration command, with an
    /// optional trailing `;`.
    ///
    /// Throws `ServerError(.syntaxError, ...)` for malformed input, with the position of the
    /// problem in Neo4j's `(line L, column C (offset: O))` form. Messages never contain the
    /// content of string literals, and for administration commands no input at all, because
    /// either may be a password.
    public static func parse(_ text: String) throws(ServerError) -> Statement {
        var parser = try makeParser(text)
        return try parser.parseStatement()
    }

    /// Parses one statement that may start with `EXPLAIN` or `PROFILE`, as ``parse(_:)`` does
    /// otherwise.
    ///
    /// Throws `SyntaxError` when the prefix comes before a schema or administration command,
    /// which cannot be explained or profiled.
    public static func parseWithMode(_ text: String) throws(ServerError) -> (mode: ExecutionMode, statement: Statement)
    {
        var parser = try makeParser(text)
        let mode = parser.parseExecutionMode()
        let statement = try parser.parseStatement()
        if mode != .normal, case .query = statement {
            return (mode, statement)
        }
        if mode != .normal {
            throw ServerError(
                .syntaxError,
                "\(mode == .explain ? "EXPLAIN" : "PROFILE") is only supported for queries, "
                    + "not for schema or administration commands."
            )
        }
        return (mode, statement)
    }

    private static func makeParser(_ text: String) throws(ServerError) -> Parser {
        var lexer = Lexer(text)
        let tokens: [Token]
        do {
            tokens = try lexer.tokenize()
        } catch {
            throw redactedIfAdministration(error, text: text)
        }
        return Parser(source: lexer.source, tokens: tokens)
    }

    /// Drops the quoted input from a lexical error in a text that sets a password, because the
    /// character the lexer rejected may belong to an unquoted password.
    private static func redactedIfAdministration(_ error: ServerError, text: String) -> ServerError {
        guard text.uppercased().contains("PASSWORD") else { return error }
        guard let position = error.message.ranges(of: " (line ").last else {
            return ServerError(.syntaxError, "Invalid input")
        }
        return ServerError(.syntaxError, "Invalid input" + error.message[position.lowerBound...])
    }
}
