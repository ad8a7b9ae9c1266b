import Testing

@testable import Host

/// The `NORNICDB_CLUSTER_*` settings and the rules that tie them to the storage setting.
@Suite struct ClusterSettingsTests {
    private let loader = ConfigurationLoader()
    private let postgres = "postgres://graph:secret@127.0.0.1:5432/nornic"

    private func load(_ environment: [String: String]) throws -> Configuration {
        try loader.load(environment: environment, arguments: [])
    }

    private func loadError(_ environment: [String: String]) -> String? {
        do {
            _ = try load(environment)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func offByDefault() throws {
        let cluster = try load([:]).cluster
        #expect(!cluster.isEnabled)
        #expect(cluster.heartbeatIntervalSeconds == 1)
        #expect(cluster.memberTimeoutSeconds == 5)
    }

    @Test func nodeWithPostgres() throws {
        let cluster = try load([
            "NORNICDB_STORAGE_URL": postgres, "NORNICDB_CLUSTER_NODE_ID": "node-1",
            "NORNICDB_CLUSTER_ADVERTISE_ADDR": "db1.example.com:7687",
            "NORNICDB_CLUSTER_HEARTBEAT_INTERVAL": "2s", "NORNICDB_CLUSTER_MEMBER_TIMEOUT": "10s",
        ]).cluster
        #expect(cluster.nodeID == "node-1")
        #expect(cluster.advertisedAddress == "db1.example.com:7687")
        #expect(cluster.heartbeatIntervalSeconds == 2)
        #expect(cluster.memberTimeoutSeconds == 10)
    }

    @Test func nodeWithSQLiteRejected() throws {
        let message = try #require(loadError(["NORNICDB_CLUSTER_NODE_ID": "node-1"]))
        #expect(message.contains("NORNICDB_STORAGE_URL"))
        #expect(message.contains("postgres://"))
    }

    @Test func invalidValuesRejected() {
        let cases: [[String: String]] = [
            ["NORNICDB_CLUSTER_NODE_ID": ""],
            ["NORNICDB_CLUSTER_NODE_ID": "node 1"],
            ["NORNICDB_CLUSTER_NODE_ID": String(repeating: "n", count: 65)],
            ["NORNICDB_CLUSTER_ADVERTISE_ADDR": "db1.example.com"],
            ["NORNICDB_CLUSTER_ADVERTISE_ADDR": "db1:0"],
            ["NORNICDB_CLUSTER_ADVERTISE_ADDR": "bolt://db1:7687"],
            ["NORNICDB_CLUSTER_ADVERTISE_ADDR": "db1:7687/path"],
            ["NORNICDB_CLUSTER_ADVERTISE_ADDR": ":7687"],
            ["NORNICDB_CLUSTER_ADVERTISE_ADDR": "0.0.0.0:7687"],
            ["NORNICDB_CLUSTER_ADVERTISE_ADDR": "[::]:7687"],
            ["NORNICDB_CLUSTER_ADVERTISE_ADDR": String(repeating: "a", count: 254) + ":7687"],
            ["NORNICDB_CLUSTER_HEARTBEAT_INTERVAL": "0s"],
            ["NORNICDB_CLUSTER_MEMBER_TIMEOUT": "1s"],
        ]
        for environment in cases {
            #expect(loadError(environment) != nil, "accepted \(environment)")
        }
    }

    @Test func ipv6AdvertisedAddress() throws {
        let cluster = try load(["NORNICDB_CLUSTER_ADVERTISE_ADDR": "[::1]:7687"]).cluster
        #expect(cluster.advertisedAddress == "[::1]:7687")
    }

    @Test func timeoutLongerThanInterval() throws {
        let message = try #require(
            loadError([
                "NORNICDB_STORAGE_URL": postgres, "NORNICDB_CLUSTER_NODE_ID": "node-1",
                "NORNICDB_CLUSTER_HEARTBEAT_INTERVAL": "5s", "NORNICDB_CLUSTER_MEMBER_TIMEOUT": "5s",
            ])
        )
        #expect(message.contains("NORNICDB_CLUSTER_MEMBER_TIMEOUT"))
    }
}
