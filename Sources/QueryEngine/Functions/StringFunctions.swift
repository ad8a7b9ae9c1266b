import Foundation
import GraphValue
import Host

/// String functions. Positions and lengths count Unicode code points, as Neo4j does.
enum StringFunctions {
    static let definitions: [FunctionDefinition] = [
        unary("toUpper") { $0.uppercased() },
        unary("upper") { $0.uppercased() },
        unary("toLower") { $0.lowercased() },
        unary("lower") { $0.lowercased() },
        unary("trim") { $0.trimmingCharacters(in: .whitespacesAndNewlines) },
        FunctionDefinition("ltrim", arity: 1...2) { args, _ in
            if args.contains(where: \.isNull) { return .null }
            let text = try Arguments.string(args[0], "ltrim")
            guard args.count > 1 else { return .string(String(text.drop { $0.isWhitespace })) }
            let characters = Set(try Arguments.string(args[1], "ltrim").unicodeScalars)
            return .string(trim(text, removing: characters, trailing: false))
        },
        FunctionDefinition("rtrim", arity: 1...2) { args, _ in
            if args.contains(where: \.isNull) { return .null }
            let text = try Arguments.string(args[0], "rtrim")
            guard args.count > 1 else { return .string(String(text.reversed().drop { $0.isWhitespace }.reversed())) }
            let characters = Set(try Arguments.string(args[1], "rtrim").unicodeScalars)
            return .string(trim(text, removing: characters, leading: false))
        },
        FunctionDefinition("btrim", arity: 1...2) { args, _ in
            if args.contains(where: \.isNull) { return .null }
            let text = try Arguments.string(args[0], "btrim")
            let characters = args.count > 1 ? try Arguments.string(args[1], "btrim") : " "
            return .string(trim(text, removing: Set(characters.unicodeScalars)))
        },
        FunctionDefinition("char_length", arity: 1) { args, _ in try codePointCount(args[0], "char_length") },
        FunctionDefinition("character_length", arity: 1) { args, _ in
            try codePointCount(args[0], "character_length")
        },
        FunctionDefinition("normalize", arity: 1...2) { args, _ in
            if args.contains(where: \.isNull) { return .null }
            let text = try Arguments.string(args[0], "normalize")
            let form = args.count > 1 ? try Arguments.string(args[1], "normalize").uppercased() : "NFC"
            switch form {
            case "NFC": return .string(text.precomposedStringWithCanonicalMapping)
            case "NFD": return .string(text.decomposedStringWithCanonicalMapping)
            case "NFKC": return .string(text.precomposedStringWithCompatibilityMapping)
            case "NFKD": return .string(text.decomposedStringWithCompatibilityMapping)
            default:
                throw ServerError(
                    .argumentError,
                    "Unknown normal form \(form) for normalize(); use NFC, NFD, NFKC or NFKD"
                )
            }
        },
        FunctionDefinition("replace", arity: 3) { args, _ in
            if args.contains(where: \.isNull) { return .null }
            let text = try Arguments.string(args[0], "replace")
            let search = try Arguments.string(args[1], "replace")
            let replacement = try Arguments.string(args[2], "replace")
            if search.isEmpty { return .string(text) }
            return .string(text.replacingOccurrences(of: search, with: replacement))
        },
        FunctionDefinition("substring", arity: 2...3) { args, _ in
            if args[0].isNull { return .null }
            let scalars = Array(try Arguments.string(args[0], "substring").unicodeScalars)
            let start = try Arguments.integer(args[1], "substring")
            let length = args.count > 2 ? try Arguments.integer(args[2], "substring") : Int64(scalars.count)
            if start < 0 || length < 0 {
                throw ServerError(.argumentError, "substring() needs a non-negative start and length")
            }
            let lower = min(Int(clamping: start), scalars.count)
            let upper = min(lower + Int(clamping: min(length, Int64(scalars.count))), scalars.count)
            return .string(text(scalars[lower..<upper]))
        },
        FunctionDefinition("left", arity: 2) { args, _ in
            if args[0].isNull { return .null }
            let scalars = Array(try Arguments.string(args[0], "left").unicodeScalars)
            let length = try nonNegative(args[1], "left")
            return .string(text(scalars.prefix(Int(clamping: length))))
        },
        FunctionDefinition("right", arity: 2) { args, _ in
            if args[0].isNull { return .null }
            let scalars = Array(try Arguments.string(args[0], "right").unicodeScalars)
            let length = try nonNegative(args[1], "right")
            return .string(text(scalars.suffix(Int(clamping: length))))
        },
        FunctionDefinition("split", arity: 2) { args, _ in
            if args.contains(where: \.isNull) { return .null }
            let text = try Arguments.string(args[0], "split")
            let delimiters: [String] =
                if case .list(let items) = args[1] {
                    try items.map { item throws(ServerError) in try Arguments.string(item, "split") }
                } else {
                    [try Arguments.string(args[1], "split")]
                }
            return .list(split(text, by: delimiters).map { .string($0) })
        },
    ]

    private static func unary(_ name: String, _ transform: @escaping @Sendable (String) -> String)
        -> FunctionDefinition
    {
        FunctionDefinition(name, arity: 1) { args, _ in
            if args[0].isNull { return .null }
            return .string(transform(try Arguments.string(args[0], name)))
        }
    }

    private static func codePointCount(_ value: Value, _ function: String) throws(ServerError) -> Value {
        if value.isNull { return .null }
        return .integer(Int64(try Arguments.string(value, function).unicodeScalars.count))
    }

    /// Removes the given characters from the start of `text` when `leading`, and from its end when `trailing`.
    private static func trim(
        _ text: String,
        removing characters: Set<Unicode.Scalar>,
        leading: Bool = true,
        trailing: Bool = true
    ) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !characters.contains($0) }),
            let last = scalars.lastIndex(where: { !characters.contains($0) })
        else { return "" }
        return Self.text(scalars[(leading ? first : 0)...(trailing ? last : scalars.count - 1)])
    }

    private static func nonNegative(_ value: Value, _ function: String) throws(ServerError) -> Int64 {
        if value.isNull { throw ServerError(.argumentError, "null is not a valid length for \(function)()") }
        let length = try Arguments.integer(value, function)
        if length < 0 { throw ServerError(.argumentError, "\(function)() needs a non-negative length") }
        return length
    }

    private static func text<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Splits on any of the delimiters, keeping empty pieces; an empty delimiter splits into
    /// single characters.
    static func split(_ text: String, by delimiters: [String]) -> [String] {
        let separators = delimiters.filter { !$0.isEmpty }
        if separators.isEmpty { return text.isEmpty ? [] : text.map { String($0) } }
        var pieces: [String] = []
        var current = ""
        var rest = Substring(text)
        outer: while !rest.isEmpty {
            for separator in separators where rest.hasPrefix(separator) {
                pieces.append(current)
                current = ""
                rest = rest.dropFirst(separator.count)
                continue outer
            }
            current.append(rest.removeFirst())
        }
        pieces.append(current)
        return pieces
    }
}
