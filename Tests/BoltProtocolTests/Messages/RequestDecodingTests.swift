import BoltProtocol
import GraphValue
import Host
import Testing

@Suite struct RequestDecodingTests {
    static let bolt58 = BoltWireFormat(version: .v5_8)

    func decode(_ hex: String, format: BoltWireFormat = bolt58) throws(ServerError) -> BoltRequest {
        try BoltRequest(decoding: hexBytes(hex), format: format)
    }

    func decodeError(_ body: [UInt8], format: BoltWireFormat = bolt58) -> ServerError? {
        do {
            _ = try BoltRequest(decoding: body, format: format)
            return nil
        } catch {
            return error
        }
    }

    @Test func fieldlessMessages() throws {
        #expect(try decode("B0 0F") == .reset)
        #expect(try decode("B0 02") == .goodbye)
        #expect(try decode("B0 12") == .commit)
        #expect(try decode("B0 13") == .rollback)
        #expect(try decode("B0 6B") == .logoff)
    }

    @Test func pullWithDriverDefaults() throws {
        #expect(try decode("B1 3F A1 81 6E C9 03 E8") == .pull(StreamRequest(count: 1000)))
        #expect(try decode("B1 2F A2 81 6E FF 83 71 69 64 03") == .discard(StreamRequest(count: -1, queryID: 3)))
    }

    @Test func telemetryAPI() throws {
        #expect(try decode("B1 54 02") == .telemetry(api: 2))
    }

    @Test func helloKeepsWholeDictionary() throws {
        let extra: [String: Value] = [
            "user_agent": "neo4j-python/5.28.8", "bolt_agent": ["product": "neo4j-python/5.28.8"],
            "scheme": "basic", "principal": "neo4j", "credentials": "secret-pw",
        ]
        let body = BoltRequest.hello(extra: extra).encode(format: BoltWireFormat(version: .v5_0))
        let request = try BoltRequest(decoding: body, format: BoltWireFormat(version: .v5_0))
        #expect(request == .hello(extra: extra))
        let token = try #require(request.authToken)
        #expect(token.principal == .string("neo4j"))
        #expect(token.credentials != nil)
    }

    @Test func requestDescriptionHidesCredentials() {
        let logon = BoltRequest.logon(auth: ["scheme": "basic", "principal": "neo4j", "credentials": "secret-pw"])
        #expect("\(logon)" == "LOGON")
        #expect(String(reflecting: logon) == "LOGON")
        let run = BoltRequest.run(query: "ALTER USER x SET PASSWORD 'pw'", parameters: [:], extra: TransactionExtra())
        #expect("\(run)" == "RUN")
    }

    @Test func runWithFullExtra() throws {
        let extra = TransactionExtra(
            database: "neo4j",
            mode: .read,
            bookmarks: ["FB:1"],
            timeoutMilliseconds: 5000,
            metadata: ["app": "test"],
            impersonatedUser: "bob"
        )
        let request = BoltRequest.run(query: "RETURN $x", parameters: ["x": 1], extra: extra)
        let decoded = try BoltRequest(decoding: request.encode(), format: Self.bolt58)
        guard case .run(let query, let parameters, let decodedExtra) = decoded else {
            Issue.record("not a RUN: \(decoded)")
            return
        }
        #expect(query == "RETURN $x")
        #expect(parameters == ["x": 1])
        #expect(decodedExtra.database == "neo4j")
        #expect(decodedExtra.mode == .read)
        #expect(decodedExtra.bookmarks == ["FB:1"])
        #expect(decodedExtra.timeoutMilliseconds == 5000)
        #expect(decodedExtra.metadata == ["app": "test"])
        #expect(decodedExtra.impersonatedUser == "bob")
        #expect(decodedExtra.raw["db"] == "neo4j")
    }

    @Test func runEmptyExtraDefaults() throws {
        let decoded = try decode("B3 10 88 52 45 54 55 52 4E 20 31 A0 A0")
        #expect(decoded == .run(query: "RETURN 1", parameters: [:], extra: TransactionExtra()))
        guard case .run(_, _, let extra) = decoded else { return }
        #expect(extra.mode == .write)
        #expect(extra.database == nil)
    }

    @Test func extraNullCountsAsAbsent() throws {
        let request = try BoltRequest(
            decoding: BoltRequest.begin(TransactionExtra()).structure.withFields([.map(["db": nil, "imp_user": nil])]),
            format: Self.bolt58
        )
        guard case .begin(let extra) = request else {
            Issue.record("not a BEGIN")
            return
        }
        #expect(extra.database == nil)
        #expect(extra.impersonatedUser == nil)
    }

    @Test func runAcceptsTemporalAndSpatialParameters() throws {
        let parameters: [String: Value] = [
            "d": .date(CalendarDate(daysSinceEpoch: 1)),
            "t": .time(Time(nanosecondsSinceMidnight: 1, offsetSeconds: 0)),
            "lt": .localTime(LocalTime(nanosecondsSinceMidnight: 2)),
            "dt": .dateTime(DateTime(secondsSinceEpoch: 3, nanoseconds: 4, zone: .offset(seconds: -3600))),
            "dz": .dateTime(DateTime(secondsSinceEpoch: 3, nanoseconds: 4, zone: .identifier("America/New_York"))),
            "ldt": .localDateTime(LocalDateTime(secondsSinceEpoch: 5, nanoseconds: 6)),
            "du": .duration(CypherDuration(months: 1, days: 2, seconds: 3, nanoseconds: 4)),
            "p2": .point(Point(srid: 7203, x: 1, y: 2)), "p3": .point(Point(srid: 9157, x: 1, y: 2, z: 3)),
        ]
        let request = BoltRequest.run(query: "RETURN 1", parameters: parameters, extra: TransactionExtra())
        for format in [Self.bolt58, BoltWireFormat(version: .v4_4), BoltWireFormat(version: .v4_4, utcPatch: true)] {
            #expect(try BoltRequest(decoding: request.encode(format: format), format: format) == request)
        }
    }

    @Test func nodeParameterRejected() {
        let node = Node(id: 1, elementID: "1", labels: [], properties: [:])
        let request = BoltRequest.run(query: "RETURN $n", parameters: ["n": .node(node)], extra: TransactionExtra())
        let error = decodeError(request.encode())
        #expect(error?.status == .invalidFormat)
        #expect(error?.message.contains("Node") == true)
    }

    @Test func routeWithDatabase() throws {
        let route = RouteRequest(context: ["address": "localhost:7687"], bookmarks: ["b1"], database: "neo4j")
        #expect(try BoltRequest(decoding: BoltRequest.route(route).encode(), format: Self.bolt58) == .route(route))
        let home = RouteRequest(context: ["address": "localhost:7687"])
        #expect(try BoltRequest(decoding: BoltRequest.route(home).encode(), format: Self.bolt58) == .route(home))
    }

    @Test func everyKindRoundTrips() throws {
        let requests: [BoltRequest] = [
            .hello(extra: ["user_agent": "x"]), .logon(auth: ["scheme": "none"]), .logoff, .goodbye, .reset,
            .run(query: "RETURN 1", parameters: [:], extra: TransactionExtra()), .begin(TransactionExtra()),
            .commit, .rollback, .discard(StreamRequest()), .pull(StreamRequest(count: 5, queryID: 0)),
            .telemetry(api: 0), .route(RouteRequest(context: [:])),
        ]
        #expect(Set(requests.map(\.kind)) == Set(BoltRequest.Kind.allCases))
        for request in requests {
            #expect(try BoltRequest(decoding: request.encode(), format: Self.bolt58) == request)
        }
    }

    static let invalidBodies: [(String, String)] = [
        ("B0 77", "not a known Bolt request"),
        ("B1 10 80", "must have 3 fields"),
        ("B0 3F", "must have 1 field but has 0"),
        ("B3 10 01 A0 A0", "`query` of RUN must be a String"),
        ("B3 10 80 90 A0", "`parameters` of RUN must be a Map"),
        ("B1 3F A0", "`n` is missing"),
        ("B1 3F A1 81 6E 00", "`n` must be a positive number"),
        ("B1 3F A1 81 6E 81 61", "`n` must be an Integer"),
        ("B1 3F A2 81 6E 01 83 71 69 64 FE", "`qid` must be a result id"),
        ("B1 11 A1 84 6D 6F 64 65 81 78", "`mode` must be \"r\" or \"w\""),
        ("B1 11 A1 89 62 6F 6F 6B 6D 61 72 6B 73 91 01", "`bookmarks` must be a List of String"),
        ("B1 11 A1 8A 74 78 5F 74 69 6D 65 6F 75 74 81 61", "`tx_timeout` must be an Integer"),
        ("B1 11 A1 8A 74 78 5F 74 69 6D 65 6F 75 74 FF", "`tx_timeout` must not be negative"),
        ("B1 11 A1 82 64 62 01", "`db` must be a String"),
        ("B1 54 81 61", "`api` of TELEMETRY must be an Integer"),
        ("B0 0F 00", "unexpected bytes"),
        ("01", "expected a structure"),
        ("", "input ended"),
    ]

    @Test(arguments: invalidBodies)
    func invalidMessageRejected(hex: String, fragment: String) {
        let error = decodeError(hex.isEmpty ? [] : hexBytes(hex))
        #expect(error?.status == .invalidFormat)
        #expect(error?.message.contains(fragment) == true, "message: \(error?.message ?? "none")")
    }

    @Test func messagesOutsideTheirVersionRejected() {
        let cases: [(String, BoltVersion)] = [
            ("B1 6A A0", .v5_0), ("B0 6B", .v4_4), ("B1 54 00", BoltVersion(major: 5, minor: 3)),
        ]
        for (hex, version) in cases {
            let error = decodeError(hexBytes(hex), format: BoltWireFormat(version: version))
            #expect(error?.status == .invalidFormat)
            #expect(error?.message.contains("is not defined in Bolt \(version)") == true)
        }
        #expect(decodeError(hexBytes("B1 54 00"), format: BoltWireFormat(version: .v5_4)) == nil)
        #expect(decodeError(hexBytes("B1 6A A0"), format: BoltWireFormat(version: .v5_1)) == nil)
    }

    @Test func truncatedRunFailsAtEveryOffset() {
        let extra = TransactionExtra(database: "neo4j", bookmarks: ["FB:abc"], metadata: ["k": [1, 2.5, "v"]])
        let request = BoltRequest.run(
            query: "MATCH (n) WHERE n.x = $x RETURN n",
            parameters: ["x": 42, "when": .date(CalendarDate(daysSinceEpoch: 3))],
            extra: extra
        )
        let body = request.encode()
        for length in 0..<body.count {
            #expect(decodeError(Array(body.prefix(length)))?.status == .invalidFormat, "prefix of \(length) bytes")
        }
        #expect(decodeError(body) == nil)
    }
}

extension PackStreamStructure {
    /// Encodes this structure's tag with other fields, for hand-made invalid messages.
    func withFields(_ fields: [Value]) -> [UInt8] {
        var encoder = PackStreamEncoder()
        encoder.encode(PackStreamStructure(tag: tag, fields: fields))
        return encoder.bytes
    }
}
