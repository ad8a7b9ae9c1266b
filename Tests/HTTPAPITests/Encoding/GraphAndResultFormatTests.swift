import GraphValue
import Host
import JSON
import Testing

@testable import HTTPAPI

@Suite("Graph, result and parameter encoding")
struct GraphAndResultFormatTests {
    typealias Sample = ValueFormatTests

    @Test func graphDeduplicates() {
        let row: [Value] = [
            .node(Sample.alice), .node(Sample.alice), .path(Sample.path), .list([.relationship(Sample.knows)]),
            .map(["x": .node(Sample.bob)]), .integer(3),
        ]
        let graph = GraphFormat.graph(row)
        let expected: JSONValue = [
            "nodes": [
                ["id": "1", "elementId": "4:db:1", "labels": ["Person"], "properties": ["name": "Alice"]],
                ["id": "2", "elementId": "4:db:2", "labels": ["Person", "Admin"], "properties": ["name": "Bob"]],
            ],
            "relationships": [
                [
                    "id": "7", "elementId": "5:db:7", "type": "KNOWS", "startNode": "1", "endNode": "2",
                    "properties": ["since": 2020],
                ]
            ],
        ]
        #expect(graph == expected)
    }

    @Test func graphOfScalars() {
        #expect(GraphFormat.graph([.integer(1), .string("s")]) == ["nodes": [], "relationships": []])
    }

    @Test func resultWithEveryContent() {
        var statistics = QueryStatistics()
        statistics.nodesCreated = 2
        statistics.relationshipsDeleted = 1
        let result = QueryResult(
            columns: ["n", "x"],
            rows: [[.node(Sample.alice), 1]],
            statistics: statistics,
            queryType: .write
        )
        let json = ResultFormat(row: true, graph: true, includeStats: true).encode(result)
        #expect(json["columns"] == ["n", "x"])
        guard case .array(let data)? = json["data"], let entry = data.first else {
            Issue.record("no data in \(json)")
            return
        }
        #expect(entry["row"] == [["name": "Alice"], 1])
        #expect(entry["meta"] == [["id": 1, "elementId": "4:db:1", "type": "node", "deleted": false], nil])
        #expect(entry["graph"]?["nodes"].map { if case .array(let nodes) = $0 { nodes.count } else { 0 } } == 1)
        #expect(json["stats"]?["nodes_created"] == 2)
        #expect(json["stats"]?["relationship_deleted"] == 1)
        #expect(json["stats"]?["contains_updates"] == true)
    }

    @Test func resultDefaultsToRows() {
        let result = QueryResult(columns: ["x"], rows: [[1], [2]], queryType: .read)
        let json = ResultFormat.default.encode(result)
        #expect(json == ["columns": ["x"], "data": [["row": [1], "meta": [nil]], ["row": [2], "meta": [nil]]]])
    }

    @Test func statisticsKeys() {
        guard case .object(let members) = ResultFormat.statistics(QueryStatistics()) else {
            Issue.record("statistics are not an object")
            return
        }
        let keys: Set<String> = [
            "contains_updates", "nodes_created", "nodes_deleted", "properties_set", "relationships_created",
            "relationship_deleted", "labels_added", "labels_removed", "indexes_added", "indexes_removed",
            "constraints_added", "constraints_removed", "contains_system_updates", "system_updates",
        ]
        #expect(Set(members.keys) == keys)
    }

    @Test(
        arguments: [
            (.null, .null),
            (true, .boolean(true)),
            (12, .integer(12)),
            (.number(12), .float(12)),
            (.number(-0.5), .float(-0.5)),
            ("s", .string("s")),
            ([1, [nil]], .list([.integer(1), .list([.null])])),
            (["a": ["b": 1]], .map(["a": .map(["b": .integer(1)])])),
        ] as [(JSONValue, Value)]
    )
    func parameter(json: JSONValue, value: Value) {
        #expect(ParameterDecoding.value(json) == value)
    }

    @Test func locationEncodesDatabase() {
        let location = TransactionBody.location(baseURL: "http://h:1", database: "a b/c", id: "xyz")
        #expect(location == "http://h:1/db/a%20b%2Fc/tx/xyz")
    }
}
