public import HTTPServer
public import Host
public import JSON

extension HTTPRequest {
    /// The deepest JSON nesting a request body may have: 64 levels inside a parameter value, as over
    /// Bolt, plus the four levels of the transaction body around it (the body, `statements`, one
    /// statement and its `parameters`).
    public static let maximumJSONDepth = 64 + 4

    /// Parses the body as a JSON object; an empty body is an empty object.
    ///
    /// The content type is not checked here, because ``HTTPAPI/handle(_:)`` has already rejected
    /// a non-empty body that is not `application/json` with 415.
    ///
    /// - Throws: `Neo.ClientError.Request.InvalidFormat` (400) when the body is not one JSON object.
    public func jsonObject() throws(ServerError) -> [String: JSONValue] {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return [:] }
        do {
            return try StrictJSONParser.parseObject(body, maximumDepth: Self.maximumJSONDepth)
        } catch {
            throw .invalidRequest("The request body is not a valid JSON object: \(error).")
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}

/// Readers of typed members of a request body, whose errors name the member.
public enum BodyField {
    public static func string(_ body: [String: JSONValue], _ name: String) throws(ServerError) -> String? {
        switch body[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: throw .invalidRequest("The field '\(name)' must be a string, not \(value.typeName).")
        }
    }

    public static func requiredString(_ body: [String: JSONValue], _ name: String) throws(ServerError) -> String {
        guard let text = try string(body, name), !text.isEmpty else {
            throw .invalidRequest("The field '\(name)' is required and must be a non-empty string.")
        }
        return text
    }

    public static func bool(_ body: [String: JSONValue], _ name: String) throws(ServerError) -> Bool? {
        switch body[name] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let value?: throw .invalidRequest("The field '\(name)' must be a boolean, not \(value.typeName).")
        }
    }

    public static func strings(_ body: [String: JSONValue], _ name: String) throws(ServerError) -> [String]? {
        switch body[name] {
        case nil, .null?: return nil
        case .array(let elements)?:
            var result: [String] = []
            for element in elements {
                guard case .string(let text) = element else {
                    throw .invalidRequest("The field '\(name)' must be an array of strings.")
                }
                result.append(text)
            }
            return result
        case let value?:
            throw .invalidRequest("The field '\(name)' must be an array of strings, not \(value.typeName).")
        }
    }

    /// Refuses members the endpoint does not know, so a misspelt field is not silently ignored.
    public static func refuseUnknown(_ body: [String: JSONValue], allowed: Set<String>) throws(ServerError) {
        if let unknown = body.keys.sorted().first(where: { !allowed.contains($0) }) {
            let names = allowed.sorted().joined(separator: ", ")
            throw .invalidRequest("Unknown field '\(unknown)'; this endpoint takes \(names).")
        }
    }
}
