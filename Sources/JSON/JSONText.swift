/// JSON text for strings and arrays of strings, written without building a ``JSONValue``.
public enum JSONText {
    /// Encodes `text` as a JSON string, escaping quotes, backslashes and control characters.
    public static func string(_ text: String) -> String {
        var output: [UInt8] = []
        JSONValue.writeString(text, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    public static func array(_ texts: [String]) -> String {
        "[" + texts.map(string).joined(separator: ",") + "]"
    }
}
