import GraphValue
import JSON
import Testing

@testable import HTTPAPI

@Suite("Row and meta encoding")
struct ValueFormatTests {
    static let alice = Node(id: 1, elementID: "4:db:1", labels: ["Person"], properties: ["name": "Alice"])
    static let bob = Node(id: 2, elementID: "4:db:2", labels: ["Person", "Admin"], properties: ["name": "Bob"])
    static let knows = Relationship(
        id: 7,
        elementID: "5:db:7",
        startNodeID: 1,
        startNodeElementID: "4:db:1",
        endNodeID: 2,
        endNodeElementID: "4:db:2",
        type: "KNOWS",
        properties: ["since": 2020]
    )
    static let path = Path(nodes: [alice, bob], relationships: [knows])

    static let cartesianCRS: JSONValue = [
        "srid": 7203, "name": "cartesian", "type": "link",
        "properties": ["href": "http://spatialreference.org/ref/sr-org/7203/ogcwkt/", "type": "ogcwkt"],
    ]

    static let rowCases: [(Value, JSONValue)] = [
        (.null, .null),
        (.boolean(true), true),
        (.integer(-5), -5),
        (.float(1.5), .number(1.5)),
        (.float(.nan), "NaN"),
        (.float(.infinity), "Infinity"),
        (.float(-.infinity), "-Infinity"),
        (.string("text \"quoted\""), "text \"quoted\""),
        (.bytes([0, 127, 128, 255]), [0, 127, -128, -1]),
        (.list([1, "a", [nil]]), [1, "a", [nil]]),
        (.map(["k": ["inner": 1.5]]), ["k": ["inner": .number(1.5)]]),
        (.node(alice), ["name": "Alice"]),
        (.relationship(knows), ["since": 2020]),
        (.path(path), [["name": "Alice"], ["since": 2020], ["name": "Bob"]]),
        (.date(CalendarDate(daysSinceEpoch: 19782)), "2024-02-29"),
        (.time(Time(nanosecondsSinceMidnight: 3_600_000_000_000, offsetSeconds: -3600)), "01:00-01:00"),
        (.localTime(LocalTime(nanosecondsSinceMidnight: 1_500_000_000)), "00:00:01.500"),
        (.dateTime(DateTime(secondsSinceEpoch: 0, nanoseconds: 0, zone: .offset(seconds: 0))), "1970-01-01T00:00Z"),
        // 2020-06-01T10:00Z is noon summer time in Berlin.
        (
            .dateTime(DateTime(secondsSinceEpoch: 1_591_005_600, nanoseconds: 0, zone: .identifier("Europe/Berlin"))),
            "2020-06-01T12:00+02:00[Europe/Berlin]"
        ),
        (.localDateTime(LocalDateTime(secondsSinceEpoch: 86_400, nanoseconds: 0)), "1970-01-02T00:00"),
        (.duration(CypherDuration(months: 1, days: 0, seconds: 0, nanoseconds: 0)), "P1M"),
        (.duration(CypherDuration(months: 0, days: 0, seconds: -60, nanoseconds: -1_000_000)), "PT-1M-0.001S"),
        (
            .point(Point(srid: 7203, x: 1, y: 2)),
            ["type": "Point", "coordinates": [.number(1), .number(2)], "crs": cartesianCRS]
        ),
    ]

    @Test(arguments: rowCases)
    func row(value: Value, expected: JSONValue) {
        #expect(ValueFormat.row(value) == expected)
    }

    @Test func everyValueCaseCovered() {
        let names = Set(Self.rowCases.map(\.0.typeName))
        #expect(names.count == 18)
    }

    @Test(
        arguments: [
            (4326, "wgs-84", "epsg"),
            (4979, "wgs-84-3d", "epsg"),
            (7203, "cartesian", "sr-org"),
            (9157, "cartesian-3d", "sr-org"),
            (1234, "unknown", "epsg"),
        ] as [(Int32, String, String)]
    )
    func pointCRS(srid: Int32, name: String, table: String) {
        let point = Point(srid: srid, x: 12.5, y: 56.25, z: srid == 4979 || srid == 9157 ? 100 : nil)
        let json = ValueFormat.row(.point(point))
        #expect(json["crs"]?["srid"] == .integer(Int64(srid)))
        #expect(json["crs"]?["name"]?.stringValue == name)
        #expect(
            json["crs"]?["properties"]?["href"]?.stringValue
                == "http://spatialreference.org/ref/\(table)/\(srid)/ogcwkt/"
        )
        let expected: JSONValue =
            point.z == nil ? [.number(12.5), .number(56.25)] : [.number(12.5), .number(56.25), .number(100)]
        #expect(json["coordinates"] == expected)
    }

    @Test func metaOfEntitiesAndScalars() {
        let meta = MetaFormat.meta([.node(Self.alice), .relationship(Self.knows), .integer(1), .string("s"), .null])
        let expected: JSONValue = [
            ["id": 1, "elementId": "4:db:1", "type": "node", "deleted": false],
            ["id": 7, "elementId": "5:db:7", "type": "relationship", "deleted": false],
            nil, nil, nil,
        ]
        #expect(meta == expected)
    }

    @Test func metaOfPath() {
        let meta = MetaFormat.meta([.path(Self.path)])
        guard case .array(let entries) = meta, entries.count == 1, case .array(let inner) = entries[0] else {
            Issue.record("path meta is \(meta)")
            return
        }
        #expect(inner.map { $0["id"] } == [1, 7, 2])
        #expect(inner.map { $0["type"] } == ["node", "relationship", "node"])
    }

    @Test func metaOfListsAndMapsIsFlat() {
        let meta = MetaFormat.meta([
            .list([.node(Self.alice), .node(Self.bob)]), .map(["b": 1, "a": .node(Self.bob)]),
        ])
        guard case .array(let entries) = meta else {
            Issue.record("meta is \(meta)")
            return
        }
        #expect(entries.count == 4)
        #expect(entries.map { $0["id"] } == [1, 2, 2, nil])
        #expect(MetaFormat.meta([.list([])]) == [])
    }

    @Test func metaOfTemporalAndPoint() {
        let meta = MetaFormat.meta([
            .date(CalendarDate(daysSinceEpoch: 0)),
            .time(Time(nanosecondsSinceMidnight: 0, offsetSeconds: 0)),
            .localTime(LocalTime(nanosecondsSinceMidnight: 0)),
            .dateTime(DateTime(secondsSinceEpoch: 0, nanoseconds: 0, zone: .identifier("UTC"))),
            .localDateTime(LocalDateTime(secondsSinceEpoch: 0, nanoseconds: 0)),
            .duration(CypherDuration(months: 0, days: 0, seconds: 0, nanoseconds: 0)),
            .point(Point(srid: 7203, x: 0, y: 0)),
            .bytes([1]),
        ])
        let expected: JSONValue = [
            ["type": "date"], ["type": "time"], ["type": "localtime"], ["type": "datetime"],
            ["type": "localdatetime"], ["type": "duration"], ["type": "point", "crs": Self.cartesianCRS], nil,
        ]
        #expect(meta == expected)
    }
}
