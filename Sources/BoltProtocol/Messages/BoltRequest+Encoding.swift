public import GraphValue

extension BoltRequest {
    /// The message as a structure, the way a client sends it.
    public var structure: PackStreamStructure {
        PackStreamStructure(tag: kind.tag, fields: fields)
    }

    private var fields: [Value] {
        switch self {
        case .hello(let extra): [.map(extra)]
        case .logon(let auth): [.map(auth)]
        case .logoff, .goodbye, .reset, .commit, .rollback: []
        case .run(let query, let parameters, let extra): [.string(query), .map(parameters), .map(extra.fields)]
        case .begin(let extra): [.map(extra.fields)]
        case .discard(let stream), .pull(let stream): [.map(stream.fields)]
        case .telemetry(let api): [.integer(api)]
        case .route(let route):
            [.map(route.context), .list(route.bookmarks.map(Value.string)), .map(route.extraFields)]
        }
    }

    /// Encodes the message body as a client would send it, for test clients and tools.
    public func encode(format: BoltWireFormat = .latest) -> [UInt8] {
        var encoder = PackStreamEncoder(format: format)
        encoder.encode(structure)
        return encoder.bytes
    }
}

extension StreamRequest {
    /// The dictionary the Python driver sends: `qid` only when it is not -1.
    public var fields: [String: Value] {
        var fields: [String: Value] = ["n": .integer(count)]
        if queryID != StreamRequest.lastQuery { fields["qid"] = .integer(queryID) }
        return fields
    }
}

extension RouteRequest {
    /// The third ROUTE field: `db` and `imp_user` when set.
    public var extraFields: [String: Value] {
        var fields: [String: Value] = [:]
        if let database { fields["db"] = .string(database) }
        if let impersonatedUser { fields["imp_user"] = .string(impersonatedUser) }
        return fields
    }
}
