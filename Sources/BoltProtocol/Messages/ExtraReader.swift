import GraphValue
import Host

/// Typed access to the keys of a message dictionary, throwing
/// `Neo.ClientError.Request.InvalidFormat` with the message and key named.
///
/// A key whose value is null counts as absent, as in Neo4j.
struct ExtraReader {
    let fields: [String: Value]
    /// The message and field, for example "RUN extra", used in error messages.
    let message: String

    func invalid(_ key: String, _ problem: String) -> ServerError {
        ServerError(.invalidFormat, "Invalid \(message): `\(key)` \(problem).")
    }

    private func value(_ key: String) -> Value? {
        switch fields[key] {
        case nil, .null?: nil
        case let value?: value
        }
    }

    private func mismatch(_ key: String, _ expected: String, _ value: Value) -> ServerError {
        invalid(key, "must be \(expected) but is \(value.typeName)")
    }

    func string(_ key: String) throws(ServerError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, "a String", value) }
        return text
    }

    func integer(_ key: String) throws(ServerError) -> Int64? {
        guard let value = value(key) else { return nil }
        guard case .integer(let number) = value else { throw mismatch(key, "an Integer", value) }
        return number
    }

    func map(_ key: String) throws(ServerError) -> [String: Value]? {
        guard let value = value(key) else { return nil }
        guard case .map(let entries) = value else { throw mismatch(key, "a Map", value) }
        return entries
    }

    func strings(_ key: String) throws(ServerError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard case .list(let items) = value else { throw mismatch(key, "a List of String", value) }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard case .string(let text) = item else { throw mismatch(key, "a List of String", value) }
            result.append(text)
        }
        return result
    }
}
