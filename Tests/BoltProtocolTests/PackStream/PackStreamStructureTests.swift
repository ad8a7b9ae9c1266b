import BoltProtocol
import GraphValue
import Testing

@Suite struct PackStreamStructureTests {
    static let bolt44 = BoltWireFormat(version: .v4_4)
    static let bolt44UTC = BoltWireFormat(version: .v4_4, utcPatch: true)
    static let bolt5 = BoltWireFormat(version: .v5_0)

    static let node = Node(id: 1, elementID: "e1", labels: ["L"], properties: [:])
    static let relationship = Relationship(
        id: 5,
        elementID: "r5",
        startNodeID: 1,
        startNodeElementID: "n1",
        endNodeID: 2,
        endNodeElementID: "n2",
        type: "T",
        properties: [:]
    )

    @Test func nodeBolt5Bytes() {
        #expect(
            hexString(PackStreamEncoder.encode(.node(Self.node), format: Self.bolt5)) == "B4 4E 01 91 81 4C A0 82 65 31"
        )
    }

    @Test func nodeBolt44Bytes() {
        #expect(hexString(PackStreamEncoder.encode(.node(Self.node), format: Self.bolt44)) == "B3 4E 01 91 81 4C A0")
    }

    @Test func relationshipBolt5Bytes() {
        let bytes = PackStreamEncoder.encode(.relationship(Self.relationship), format: Self.bolt5)
        #expect(hexString(bytes) == "B8 52 05 01 02 81 54 A0 82 72 35 82 6E 31 82 6E 32")
    }

    @Test func relationshipBolt44Bytes() {
        let bytes = PackStreamEncoder.encode(.relationship(Self.relationship), format: Self.bolt44)
        #expect(hexString(bytes) == "B5 52 05 01 02 81 54 A0")
    }

    static func plainNode(_ id: Int64, _ name: String) -> Node {
        Node(id: id, elementID: name, labels: [], properties: [:])
    }

    static func edge(_ id: Int64, _ type: String, from start: Node, to end: Node) -> Relationship {
        Relationship(
            id: id,
            elementID: "r\(id)",
            startNodeID: start.id,
            startNodeElementID: start.elementID,
            endNodeID: end.id,
            endNodeElementID: end.elementID,
            type: type,
            properties: [:]
        )
    }

    /// `(a)-[:KNOWS]->(b)<-[:LIKES]-(c)`: nodes `[a, b, c]`, rels `[KNOWS, LIKES]`, indices `[1, 1, -2, 2]`.
    @Test func pathBackwardRelationshipBytes() throws {
        let (a, b, c) = (Self.plainNode(1, "a"), Self.plainNode(2, "b"), Self.plainNode(3, "c"))
        let knows = Self.edge(10, "KNOWS", from: a, to: b)
        let likes = Self.edge(11, "LIKES", from: c, to: b)
        let path = Path(nodes: [a, b, c], relationships: [knows, likes])
        let expected = [
            "B3 50", "93", "B4 4E 01 90 A0 81 61", "B4 4E 02 90 A0 81 62", "B4 4E 03 90 A0 81 63",
            "92", "B4 72 0A 85 4B 4E 4F 57 53 A0 83 72 31 30", "B4 72 0B 85 4C 49 4B 45 53 A0 83 72 31 31",
            "94 01 01 FE 02",
        ].joined(separator: " ")
        let bytes = PackStreamEncoder.encode(.path(path), format: Self.bolt5)
        #expect(hexString(bytes) == expected)
        #expect(try roundTrip(.path(path), format: Self.bolt5) == .path(path))
    }

    /// `(a)-[r1]->(b)-[r2]->(a)` lists `a` once and points back to node 0.
    @Test func pathRepeatedNodeBytes() throws {
        let (a, b) = (Self.plainNode(1, "a"), Self.plainNode(2, "b"))
        let path = Path(
            nodes: [a, b, a],
            relationships: [Self.edge(7, "X", from: a, to: b), Self.edge(8, "X", from: b, to: a)]
        )
        let bytes = PackStreamEncoder.encode(.path(path), format: Self.bolt44)
        let expected = "B3 50 92 B3 4E 01 90 A0 B3 4E 02 90 A0 92 B3 72 07 81 58 A0 B3 72 08 81 58 A0 94 01 01 02 00"
        #expect(hexString(bytes) == expected)
        #expect(try roundTrip(.path(path), format: Self.bolt5) == .path(path))
    }

    /// `(a)-[r]->(b)<-[r]-(a)` traverses the same relationship forwards, then backwards.
    @Test func pathRepeatedRelationshipBytes() throws {
        let (a, b) = (Self.plainNode(1, "a"), Self.plainNode(2, "b"))
        let r = Self.edge(7, "X", from: a, to: b)
        let path = Path(nodes: [a, b, a], relationships: [r, r])
        let bytes = PackStreamEncoder.encode(.path(path), format: Self.bolt44)
        #expect(hexString(bytes) == "B3 50 92 B3 4E 01 90 A0 B3 4E 02 90 A0 91 B3 72 07 81 58 A0 94 01 01 FF 00")
        #expect(try roundTrip(.path(path), format: Self.bolt5) == .path(path))
    }

    @Test func pathSingleNode() throws {
        let path = Path(nodes: [Self.plainNode(1, "a")], relationships: [])
        #expect(
            hexString(PackStreamEncoder.encode(.path(path), format: Self.bolt44)) == "B3 50 91 B3 4E 01 90 A0 90 90"
        )
        #expect(try roundTrip(.path(path)) == .path(path))
    }

    @Test func graphBolt44DecodesIDsAsElementIDs() throws {
        let bytes = hexBytes("B5 52 05 01 02 81 54 A0")
        let value = try PackStreamDecoder.decodeValue(from: bytes, format: Self.bolt44, acceptsGraphStructures: true)
        let expected = Relationship(
            id: 5,
            elementID: "5",
            startNodeID: 1,
            startNodeElementID: "1",
            endNodeID: 2,
            endNodeElementID: "2",
            type: "T",
            properties: [:]
        )
        #expect(value == .relationship(expected))
    }

    static let temporalBytes: [(Value, String)] = [
        (.date(CalendarDate(daysSinceEpoch: 19_000)), "B1 44 C9 4A 38"),
        (.date(CalendarDate(daysSinceEpoch: -1)), "B1 44 FF"),
        (
            .time(Time(nanosecondsSinceMidnight: 3_600_000_000_000, offsetSeconds: 3600)),
            "B2 54 CB 00 00 03 46 30 B8 A0 00 C9 0E 10"
        ),
        (.localTime(LocalTime(nanosecondsSinceMidnight: 1000)), "B1 74 C9 03 E8"),
        (.localDateTime(LocalDateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 5)), "B2 64 CA 65 53 F1 00 05"),
        (.duration(CypherDuration(months: 14, days: 3, seconds: 70, nanoseconds: 5)), "B4 45 0E 03 46 05"),
        (.point(Point(srid: 7203, x: 1, y: 2)), "B3 58 C9 1C 23 C1 3F F0 00 00 00 00 00 00 C1 40 00 00 00 00 00 00 00"),
        (
            .point(Point(srid: 9157, x: 1, y: 2, z: -1)),
            "B4 59 C9 23 C5 C1 3F F0 00 00 00 00 00 00 C1 40 00 00 00 00 00 00 00 C1 BF F0 00 00 00 00 00 00"
        ),
    ]

    @Test(arguments: temporalBytes)
    func temporalAndSpatialBytes(value: Value, expected: String) throws {
        let bytes = PackStreamEncoder.encode(value)
        #expect(hexString(bytes) == expected)
        #expect(try PackStreamDecoder.decodeValue(from: bytes) == value)
        #expect(try PackStreamDecoder.decodeValue(from: bytes, format: Self.bolt44) == value)
    }

    static let offsetDateTime = Value.dateTime(
        DateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 5, zone: .offset(seconds: 3600))
    )
    static let berlinWinter = Value.dateTime(
        DateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 5, zone: .identifier("Europe/Berlin"))
    )
    static let berlinSummer = Value.dateTime(
        DateTime(secondsSinceEpoch: 1_690_000_000, nanoseconds: 0, zone: .identifier("Europe/Berlin"))
    )
    static let berlin = "8D 45 75 72 6F 70 65 2F 42 65 72 6C 69 6E"

    @Test func dateTimeUTCBytes() throws {
        for format in [Self.bolt5, Self.bolt44UTC, .latest] {
            let bytes = PackStreamEncoder.encode(Self.offsetDateTime, format: format)
            #expect(hexString(bytes) == "B3 49 CA 65 53 F1 00 05 C9 0E 10")
            #expect(try PackStreamDecoder.decodeValue(from: bytes, format: format) == Self.offsetDateTime)
        }
    }

    @Test func dateTimeLegacyBytesUseLocalSeconds() throws {
        let bytes = PackStreamEncoder.encode(Self.offsetDateTime, format: Self.bolt44)
        #expect(hexString(bytes) == "B3 46 CA 65 53 FF 10 05 C9 0E 10")
        #expect(try PackStreamDecoder.decodeValue(from: bytes, format: Self.bolt44) == Self.offsetDateTime)
    }

    @Test func dateTimeZoneIDUTCBytes() throws {
        let bytes = PackStreamEncoder.encode(Self.berlinWinter, format: Self.bolt5)
        #expect(hexString(bytes) == "B3 69 CA 65 53 F1 00 05 " + Self.berlin)
        #expect(try PackStreamDecoder.decodeValue(from: bytes, format: Self.bolt5) == Self.berlinWinter)
    }

    /// The legacy form adds the zone's offset at that instant: +1 h in November, +2 h in July.
    @Test func dateTimeZoneIDLegacyBytes() throws {
        let winter = PackStreamEncoder.encode(Self.berlinWinter, format: Self.bolt44)
        #expect(hexString(winter) == "B3 66 CA 65 53 FF 10 05 " + Self.berlin)
        #expect(try PackStreamDecoder.decodeValue(from: winter, format: Self.bolt44) == Self.berlinWinter)
        let summer = PackStreamEncoder.encode(Self.berlinSummer, format: Self.bolt44)
        // 1,690,000,000 + 7,200 = 1,690,007,200 = 0x64BB76A0.
        #expect(hexString(summer) == "B3 66 CA 64 BB 76 A0 00 " + Self.berlin)
        #expect(try PackStreamDecoder.decodeValue(from: summer, format: Self.bolt44) == Self.berlinSummer)
    }

    @Test func dateTimeWrongFormForVersionRejected() {
        #expect(decodeErrorCode(hexBytes("B3 46 CA 65 53 FF 10 05 C9 0E 10"), format: Self.bolt5) == .invalidStructure)
        #expect(
            decodeErrorCode(hexBytes("B3 46 CA 65 53 FF 10 05 C9 0E 10"), format: Self.bolt44UTC) == .invalidStructure
        )
        #expect(decodeErrorCode(hexBytes("B3 49 CA 65 53 F1 00 05 C9 0E 10"), format: Self.bolt44) == .invalidStructure)
    }

    @Test func dateTimeLegacyOverflowRejected() {
        let bolt44 = Self.bolt44
        #expect(
            decodeErrorCode(hexBytes("B3 46 CB 80 00 00 00 00 00 00 00 00 C9 0E 10"), format: bolt44)
                == .invalidStructure
        )
        #expect(
            decodeErrorCode(hexBytes("B3 66 CB 80 00 00 00 00 00 00 00 00 " + Self.berlin), format: bolt44)
                == .invalidStructure
        )
    }

    @Test func dateTimeLegacyEncodingSaturates() {
        let extreme = Value.dateTime(DateTime(secondsSinceEpoch: .max, nanoseconds: 0, zone: .offset(seconds: 3600)))
        #expect(
            hexString(PackStreamEncoder.encode(extreme, format: Self.bolt44))
                == "B3 46 CB 7F FF FF FF FF FF FF FF 00 C9 0E 10"
        )
    }

    @Test func dateTimeUnknownZoneRejected() {
        #expect(decodeErrorCode(hexBytes("B3 69 01 00 84 4E 6F 70 65")) == .invalidStructure)
    }

    static let invalidStructures: [String] = [
        "B2 44 01 02",  // Date with two fields
        "B1 44 81 61",  // Date with a string
        "B1 74 CB 00 00 4E 94 91 4F 00 00",  // LocalTime of 24 hours
        "B1 74 FF",  // negative LocalTime
        "B2 54 00 CA 00 01 51 81",  // Time offset beyond 18 hours
        "B2 64 00 CA 3B 9A CA 00",  // LocalDateTime with 10^9 nanoseconds
        "B3 58 01 01 02",  // Point2D with integer coordinates
        "B4 45 00 00 00 CB 00 00 00 01 00 00 00 00",  // Duration nanoseconds beyond Int32
        "B3 59 01 C1 00 00 00 00 00 00 00 00 C1 00 00 00 00 00 00 00 00",  // Point3D with three fields
        "B1 41 01",  // unknown tag
        "B3 72 01 81 54 A0",  // UnboundRelationship outside a Path
    ]

    @Test(arguments: invalidStructures)
    func invalidStructureRejected(encoded: String) {
        #expect(decodeErrorCode(hexBytes(encoded)) == .invalidStructure)
    }

    @Test func graphStructuresRejectedAsParameters() {
        for value: Value in [.node(Self.node), .relationship(Self.relationship)] {
            #expect(decodeErrorCode(PackStreamEncoder.encode(value)) == .unsupportedStructure)
        }
        let path = Value.path(Path(nodes: [Self.node], relationships: []))
        #expect(decodeErrorCode(PackStreamEncoder.encode(path)) == .unsupportedStructure)
        let nested: Value = ["list": [.node(Self.node)]]
        #expect(decodeErrorCode(PackStreamEncoder.encode(nested)) == .unsupportedStructure)
    }

    @Test func invalidPathIndicesRejected() {
        let node = "B4 4E 01 90 A0 81 61"
        let unbound = "B4 72 0A 81 54 A0 81 72"
        for indices in ["91 01", "92 00 00", "92 02 00", "92 01 05", "92 01 FF"] {
            let bytes = hexBytes("B3 50 91 \(node) 91 \(unbound) \(indices)")
            #expect(throws: PackStreamError.self) {
                try PackStreamDecoder.decodeValue(from: bytes, acceptsGraphStructures: true)
            }
        }
    }

    @Test func rawStructureRoundTrip() throws {
        let structure = PackStreamStructure(tag: 0x10, fields: ["RETURN 1", [:], ["db": "neo4j"]])
        var encoder = PackStreamEncoder()
        encoder.encode(structure)
        var decoder = PackStreamDecoder(bytes: encoder.bytes)
        #expect(try decoder.decodeStructure() == structure)
        #expect(decoder.isAtEnd)
    }
}
