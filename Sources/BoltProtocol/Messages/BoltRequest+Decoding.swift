import GraphValue
public import Host

extension BoltRequest {
    /// Decodes one message body (the bytes of a message, without chunk headers).
    ///
    /// - Throws: `Neo.ClientError.Request.InvalidFormat` for malformed PackStream, an unknown
    ///   message tag, a message the negotiated version does not define, a wrong field count or
    ///   a field of the wrong type. The connection sends it as FAILURE and closes.
    public init(
        decoding body: [UInt8],
        format: BoltWireFormat,
        limits: PackStreamLimits = PackStreamLimits()
    ) throws(ServerError) {
        // The message structure and its map of fields or parameters are two levels of nesting
        // themselves; the depth limit is for the values inside them.
        var messageLimits = limits
        messageLimits.maximumDepth += 2
        var decoder = PackStreamDecoder(bytes: body, format: format, limits: messageLimits)
        let header: (tag: UInt8, fieldCount: Int)
        do {
            header = try decoder.decodeStructureHeader()
        } catch {
            throw error.serverError
        }
        guard let kind = Kind(rawValue: header.tag) else {
            throw ServerError(.invalidFormat, "Message \(hex(header.tag)) is not a known Bolt request message.")
        }
        guard format.version >= kind.minimumVersion else {
            throw ServerError(
                .invalidFormat,
                "Message \(kind.name) is not defined in Bolt \(format.version). "
                    + "It needs Bolt \(kind.minimumVersion) or newer."
            )
        }
        guard header.fieldCount == kind.fieldCount else {
            throw ServerError(
                .invalidFormat,
                "Message \(kind.name) must have \(fieldCountText(kind.fieldCount)) but has \(header.fieldCount)."
            )
        }
        var fields: [Value] = []
        do {
            for _ in 0..<header.fieldCount {
                fields.append(try decoder.decodeFieldValue())
            }
            try decoder.expectEnd()
        } catch {
            throw error.serverError
        }
        self = try Self.make(kind, fields: fields)
    }

    private static func make(_ kind: Kind, fields: [Value]) throws(ServerError) -> BoltRequest {
        var reader = MessageFieldReader(kind: kind, fields: fields)
        switch kind {
        case .hello: return .hello(extra: try reader.map("extra"))
        case .logon: return .logon(auth: try reader.map("auth"))
        case .logoff: return .logoff
        case .goodbye: return .goodbye
        case .reset: return .reset
        case .commit: return .commit
        case .rollback: return .rollback
        case .run:
            let query = try reader.string("query")
            let parameters = try reader.map("parameters")
            let extra = try TransactionExtra(decoding: try reader.map("extra"), message: "RUN extra")
            return .run(query: query, parameters: parameters, extra: extra)
        case .begin:
            return .begin(try TransactionExtra(decoding: try reader.map("extra"), message: "BEGIN extra"))
        case .discard, .pull:
            let stream = try streamRequest(try reader.map("extra"), kind: kind)
            return kind == .pull ? .pull(stream) : .discard(stream)
        case .telemetry:
            return .telemetry(api: try reader.integer("api"))
        case .route:
            let context = try reader.map("routing context")
            let bookmarks = try reader.strings("bookmarks")
            let extra = ExtraReader(fields: try reader.map("extra"), message: "ROUTE extra")
            return .route(
                RouteRequest(
                    context: context,
                    bookmarks: bookmarks,
                    database: try extra.string("db"),
                    impersonatedUser: try extra.string("imp_user")
                )
            )
        }
    }

    private static func streamRequest(_ fields: [String: Value], kind: Kind) throws(ServerError) -> StreamRequest {
        let reader = ExtraReader(fields: fields, message: "\(kind.name) extra")
        guard let count = try reader.integer("n") else { throw reader.invalid("n", "is missing") }
        guard count == StreamRequest.all || count > 0 else {
            throw reader.invalid("n", "must be a positive number or -1 for all records, but is \(count)")
        }
        let queryID = try reader.integer("qid") ?? StreamRequest.lastQuery
        guard queryID >= StreamRequest.lastQuery else {
            throw reader.invalid("qid", "must be a result id or -1 for the last result, but is \(queryID)")
        }
        return StreamRequest(count: count, queryID: queryID)
    }
}

/// Reads the positional fields of a message structure in order, checking their types.
private struct MessageFieldReader {
    let kind: BoltRequest.Kind
    let fields: [Value]
    private var index = 0

    init(kind: BoltRequest.Kind, fields: [Value]) {
        self.kind = kind
        self.fields = fields
    }

    private mutating func next(_ name: String, _ expected: String) -> (Value, ServerError) {
        let value = fields[index]
        index += 1
        let error = ServerError(
            .invalidFormat,
            "Field `\(name)` of \(kind.name) must be \(expected) but is \(value.typeName)."
        )
        return (value, error)
    }

    mutating func map(_ name: String) throws(ServerError) -> [String: Value] {
        let (value, error) = next(name, "a Map")
        guard case .map(let entries) = value else { throw error }
        return entries
    }

    mutating func string(_ name: String) throws(ServerError) -> String {
        let (value, error) = next(name, "a String")
        guard case .string(let text) = value else { throw error }
        return text
    }

    mutating func integer(_ name: String) throws(ServerError) -> Int64 {
        let (value, error) = next(name, "an Integer")
        guard case .integer(let number) = value else { throw error }
        return number
    }

    /// Reads a list of strings; null counts as an empty list.
    mutating func strings(_ name: String) throws(ServerError) -> [String] {
        let (value, error) = next(name, "a List of String")
        if case .null = value { return [] }
        guard case .list(let items) = value else { throw error }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw error }
            result.append(text)
        }
        return result
    }
}
