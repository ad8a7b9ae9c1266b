/// The settings of cluster mode; see ``ClusterSettings``.
extension ConfigurationLoader {
    static let clusterSettings: [Setting] = [
        Setting(
            variable: "NORNICDB_CLUSTER_NODE_ID",
            flag: "--cluster-node-id",
            valueName: "ID",
            help: "Name of this member of a cluster of servers sharing one PostgreSQL database: 1 to 64 letters, "
                + "digits, '.', '_' or '-'. Setting it turns cluster mode on and requires a postgres:// "
                + "NORNICDB_STORAGE_URL (default unset: no cluster)."
        ) { config, value throws(ConfigurationError) in
            guard isClusterNodeID(value) else {
                throw .init(
                    "NORNICDB_CLUSTER_NODE_ID '\(value.prefix(64))' is invalid; use 1 to 64 letters, digits, '.', "
                        + "'_' or '-', such as node-1."
                )
            }
            config.cluster.nodeID = value
        },
        Setting(
            variable: "NORNICDB_CLUSTER_ADVERTISE_ADDR",
            flag: "--cluster-advertise-addr",
            valueName: "HOST:PORT",
            help: "Address of this member's Bolt listener as clients reach it, listed in routing tables "
                + "(default: NORNICDB_ADDRESS and NORNICDB_BOLT_PORT)."
        ) { config, value throws(ConfigurationError) in
            guard isHostAndPort(value) else {
                throw .init(
                    "NORNICDB_CLUSTER_ADVERTISE_ADDR '\(value)' is invalid; use HOST:PORT, such as "
                        + "db1.example.com:7687 or [2001:db8::1]:7687."
                )
            }
            guard !isWildcardAddress(value) else {
                throw .init(
                    "NORNICDB_CLUSTER_ADVERTISE_ADDR '\(value)' is a wildcard address, which clients cannot reach; "
                        + "use this member's host name or IP address, such as db1.example.com:7687."
                )
            }
            config.cluster.advertisedAddress = value
        },
        Setting(
            variable: "NORNICDB_CLUSTER_HEARTBEAT_INTERVAL",
            flag: "--cluster-heartbeat-interval",
            valueName: "DURATION",
            help: "Time between two heartbeats of this member, such as 1s or 5s, from 1s to 1h (default 1s)."
        ) { config, value throws(ConfigurationError) in
            guard let seconds = DurationSyntax.seconds(value), seconds >= 1, seconds <= 3_600 else {
                throw .init(
                    "NORNICDB_CLUSTER_HEARTBEAT_INTERVAL '\(value)' is invalid; use a duration from 1s to 1h, "
                        + "such as 1s or 5s."
                )
            }
            config.cluster.heartbeatIntervalSeconds = seconds
        },
        Setting(
            variable: "NORNICDB_CLUSTER_MEMBER_TIMEOUT",
            flag: "--cluster-member-timeout",
            valueName: "DURATION",
            help: "Age of a member's last heartbeat after which it counts as down, such as 5s or 1m, from 2s to "
                + "1d and more than the heartbeat interval (default 5s)."
        ) { config, value throws(ConfigurationError) in
            guard let seconds = DurationSyntax.seconds(value), seconds >= 2, seconds <= 86_400 else {
                throw .init(
                    "NORNICDB_CLUSTER_MEMBER_TIMEOUT '\(value)' is invalid; use a duration from 2s to 1d, such "
                        + "as 5s or 1m."
                )
            }
            config.cluster.memberTimeoutSeconds = seconds
        },
    ]

    /// Checks that cluster mode has PostgreSQL storage and a timeout longer than the interval.
    static func validateCluster(_ config: Configuration) throws(ConfigurationError) {
        guard let nodeID = config.cluster.nodeID else { return }
        guard case .postgreSQL = config.storage else {
            throw .init(
                "NORNICDB_CLUSTER_NODE_ID '\(nodeID)' turns cluster mode on, which needs storage shared by every "
                    + "member; set NORNICDB_STORAGE_URL to a postgres:// URL, or unset NORNICDB_CLUSTER_NODE_ID."
            )
        }
        guard config.cluster.memberTimeoutSeconds > config.cluster.heartbeatIntervalSeconds else {
            throw .init(
                "NORNICDB_CLUSTER_MEMBER_TIMEOUT (\(config.cluster.memberTimeoutSeconds)s) must be longer than "
                    + "NORNICDB_CLUSTER_HEARTBEAT_INTERVAL (\(config.cluster.heartbeatIntervalSeconds)s), or live "
                    + "members count as down between heartbeats; use at least three intervals."
            )
        }
    }

    static func isClusterNodeID(_ value: String) -> Bool {
        guard (1...64).contains(value.utf8.count) else { return false }
        return value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }

    /// True when the host of a valid `host:port` is the IPv4 or IPv6 wildcard address in one of
    /// its usual spellings.
    static func isWildcardAddress(_ hostAndPort: String) -> Bool {
        guard let colon = hostAndPort.lastIndex(of: ":") else { return false }
        var host = String(hostAndPort[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return ["0.0.0.0", "::", "::0", "0:0:0:0:0:0:0:0"].contains(host)
    }

    /// True for `host:port` and `[ipv6]:port` with a port from 1 to 65535 and a host without
    /// spaces, slashes or `@`.
    static func isHostAndPort(_ value: String) -> Bool {
        guard let colon = value.lastIndex(of: ":") else { return false }
        let host = value[..<colon]
        guard let port = UInt16(value[value.index(after: colon)...]), port > 0, !host.isEmpty else { return false }
        if host.hasPrefix("[") {
            return host.hasSuffix("]") && SocketAddressSyntax.isNumericAddress(String(host.dropFirst().dropLast()))
        }
        return host.utf8.count <= 253 && !host.contains(":")
            && host.allSatisfy { $0.isASCII && !$0.isWhitespace && $0 != "/" && $0 != "@" }
    }
}
