/// One lexical token of a Cypher text, with its byte range in the UTF-8 source.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        /// An unquoted name or keyword; `upper` is its upper-case form for keyword checks.
        case identifier(String, upper: String)
        /// A backquoted name, which is never a keyword.
        case quotedIdentifier(String)
        /// A decimal, hexadecimal (`0x`) or octal (`0o`) integer, kept as text so that the
        /// parser can fold a leading minus before checking the range.
        case integer(String)
        case float(Double)
        case string(String)
        /// `$name` or `$0`; the text is stored without the `$`.
        case parameter(String)
        /// Punctuation or an operator, such as `(`, `..`, `<=` or `+=`.
        case symbol(String)
        case end
    }

    var kind: Kind
    /// The UTF-8 offset of the first byte.
    var start: Int
    /// The UTF-8 offset just past the last byte.
    var end: Int

    /// True for an unquoted identifier that spells `keyword` in any case; `keyword` must be upper case.
    func isKeyword(_ keyword: String) -> Bool {
        if case .identifier(_, let upper) = kind { return upper == keyword }
        return false
    }

    func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let text) = kind { return text == symbol }
        return false
    }

    /// The name of an identifier token, quoted or not.
    var name: String? {
        switch kind {
        case .identifier(let text, _), .quotedIdentifier(let text): text
        default: nil
        }
    }
}
