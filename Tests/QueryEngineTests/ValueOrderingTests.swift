import GraphValue
import Testing

@testable import QueryEngine

@Suite struct ValueOrderingTests {
    @Test func crossTypeOrderAscending() {
        let node = Value.node(Node(id: 1, elementID: "", labels: [], properties: [:]))
        let relationship = Value.relationship(
            Relationship(
                id: 1,
                elementID: "",
                startNodeID: 1,
                startNodeElementID: "",
                endNodeID: 1,
                endNodeElementID: "",
                type: "T",
                properties: [:]
            )
        )
        let path = Value.path(Path(nodes: [Node(id: 1, elementID: "", labels: [], properties: [:])], relationships: []))
        let expected: [Value] = [
            ["k": 1], node, relationship, [1], path,
            .dateTime(DateTime(secondsSinceEpoch: 0, nanoseconds: 0, zone: .offset(seconds: 0))),
            .localDateTime(LocalDateTime(secondsSinceEpoch: 0, nanoseconds: 0)),
            .date(CalendarDate(daysSinceEpoch: 0)),
            .time(Time(nanosecondsSinceMidnight: 0, offsetSeconds: 0)),
            .localTime(LocalTime(nanosecondsSinceMidnight: 0)),
            .duration(CypherDuration(months: 0, days: 0, seconds: 0, nanoseconds: 0)),
            "a", false, 1, .null,
        ]
        let sorted = expected.reversed().sorted { GlobalOrder.compare($0, $1) < 0 }
        #expect(sorted == expected)
    }

    @Test func numbersMixAndNaNSortsLast() {
        let values: [Value] = [.float(.nan), 3, 1.5, .float(-.infinity), 2]
        let sorted = values.sorted { GlobalOrder.compare($0, $1) < 0 }
        #expect(sorted.dropLast() == [.float(-.infinity), 1.5, 2, 3])
        #expect(sorted.last?.isNaN == true)
    }

    @Test func booleansAndStrings() {
        #expect(GlobalOrder.compare(false, true) < 0)
        #expect(GlobalOrder.compare("B", "a") < 0)
        #expect(GlobalOrder.compare("a", "ab") < 0)
        #expect(GlobalOrder.compare(.null, .null) == 0)
    }
}
