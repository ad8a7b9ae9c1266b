// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "NornicDB",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nornicdb", targets: ["nornicdb"]),
        .executable(name: "nornicdb-load", targets: ["nornicdb-load"]),
        // The decoders the fuzz targets in Fuzz/ drive; nothing else depends on these products.
        .library(name: "BoltProtocol", targets: ["BoltProtocol"]),
        .library(name: "JWTAuth", targets: ["JWTAuth"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "Cypher", targets: ["Cypher"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        .library(name: "HTTPAPI", targets: ["HTTPAPI"]),
        .library(name: "Host", targets: ["Host"]),
    ],
    targets: [
        // MARK: - C system libraries (Debian -dev packages)
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CArgon2", path: "Sources/CArgon2", providers: [.apt(["libargon2-dev"])]),
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", path: "Sources/CMicroHTTPD", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "COpenLDAP", path: "Sources/COpenLDAP", providers: [.apt(["libldap-dev"])]),
        .systemLibrary(name: "CPAM", path: "Sources/CPAM", providers: [.apt(["libpam0g-dev"])]),
        .systemLibrary(name: "CGnuTLS", path: "Sources/CGnuTLS", providers: [.apt(["libgnutls28-dev"])]),
        .systemLibrary(name: "CPostgreSQL", path: "Sources/CPostgreSQL", providers: [.apt(["libpq-dev"])]),

        // MARK: - Core
        .target(name: "GraphValue", swiftSettings: strict),
        .target(name: "JSON", swiftSettings: strict),
        .target(name: "Host", dependencies: ["GraphValue", "JSON", "COpenSSL"], swiftSettings: strict),

        // MARK: - Storage
        .target(
            name: "Store",
            dependencies: ["GraphValue", "Host", "StoreCodec"],
            path: "Sources/Store/Protocol",
            swiftSettings: strict
        ),
        .target(name: "StoreCodec", dependencies: ["GraphValue"], path: "Sources/Store/Codec", swiftSettings: strict),
        .target(
            name: "SQLiteStore",
            dependencies: ["Store", "StoreCodec", "GraphValue", "Host", "CSQLite"],
            path: "Sources/Store/SQLite",
            swiftSettings: strict
        ),
        .target(
            name: "PostgreSQLStore",
            dependencies: ["Store", "StoreCodec", "GraphValue", "Host", "CPostgreSQL"],
            path: "Sources/Store/PostgreSQL",
            swiftSettings: strict
        ),

        // MARK: - Query engine
        .target(
            name: "Cypher",
            dependencies: ["GraphValue", "Host"],
            exclude: ["AST/READY.md"],
            swiftSettings: strict
        ),
        .target(name: "QueryEngine", dependencies: ["Cypher", "Store", "GraphValue", "Host"], swiftSettings: strict),

        // MARK: - Authentication plugins
        .target(
            name: "JWTAuth",
            dependencies: ["Host", "JSON", "COpenSSL"],
            path: "Sources/Plugins/JWT",
            swiftSettings: strict
        ),
        .target(
            name: "BasicAuth",
            dependencies: ["Host", "CArgon2", "COpenSSL"],
            path: "Sources/Plugins/Basic",
            swiftSettings: strict
        ),
        .target(
            name: "LDAPAuth",
            dependencies: ["Host", "COpenLDAP"],
            path: "Sources/Plugins/LDAP",
            swiftSettings: strict
        ),
        .target(
            name: "PAMAuth",
            dependencies: ["Host", "CPAM"],
            path: "Sources/Plugins/PAM",
            swiftSettings: strict
        ),

        // MARK: - Protocols
        .target(name: "NetworkIO", dependencies: ["CLinux"], swiftSettings: strict),
        .target(name: "TLS", dependencies: ["COpenSSL", "Host"], swiftSettings: strict),
        .target(name: "BoltProtocol", dependencies: ["GraphValue", "Host"], swiftSettings: strict),
        .target(
            name: "BoltServer",
            dependencies: ["BoltProtocol", "NetworkIO", "GraphValue", "Host", "TLS"],
            swiftSettings: strict
        ),

        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD", "CGnuTLS", "Host"], swiftSettings: strict),
        .target(
            name: "HTTPAPI",
            dependencies: ["HTTPServer", "JSON", "GraphValue", "Host"],
            swiftSettings: strict
        ),

        // MARK: - Executable
        .executableTarget(
            name: "nornicdb",
            dependencies: [
                "Host", "BoltProtocol", "BoltServer", "HTTPServer", "HTTPAPI", "JSON", "QueryEngine", "SQLiteStore",
                "PostgreSQLStore",
                "JWTAuth",
                "BasicAuth", "LDAPAuth", "PAMAuth", "GraphValue", "NetworkIO", "Store", "TLS",
            ],
            swiftSettings: strict
        ),
        // The Bolt load generator of the benchmarks in bench/.
        .executableTarget(
            name: "nornicdb-load",
            dependencies: ["BoltProtocol", "GraphValue", "JSON", "NetworkIO"],
            path: "Sources/LoadGenerator",
            swiftSettings: strict
        ),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["CLinux"], path: "Tests/Support", swiftSettings: strict),
        .testTarget(name: "GraphValueTests", dependencies: ["GraphValue"], swiftSettings: strict),
        .testTarget(name: "HostTests", dependencies: ["Host", "GraphValue", "JSON"], swiftSettings: strict),
        .testTarget(
            name: "BoltProtocolTests",
            dependencies: ["BoltProtocol", "GraphValue", "Host"],
            swiftSettings: strict
        ),
        .testTarget(name: "CypherTests", dependencies: ["Cypher", "Host", "GraphValue"], swiftSettings: strict),
        .testTarget(
            name: "QueryEngineTests",
            dependencies: ["QueryEngine", "SQLiteStore", "Store", "Cypher", "Host", "GraphValue"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SQLiteStoreTests",
            dependencies: ["SQLiteStore", "Store", "GraphValue", "Host"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PostgreSQLStoreTests",
            dependencies: ["PostgreSQLStore", "Store", "Host"],
            swiftSettings: strict
        ),
        .testTarget(name: "StoreCodecTests", dependencies: ["StoreCodec", "GraphValue"], swiftSettings: strict),
        .testTarget(name: "JWTAuthTests", dependencies: ["JWTAuth", "Host", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "NetworkIOTests", dependencies: ["NetworkIO"], swiftSettings: strict),
        .testTarget(name: "BoltServerTests", dependencies: ["BoltServer", "Host"], swiftSettings: strict),
        .testTarget(name: "BasicAuthTests", dependencies: ["BasicAuth", "Host"], swiftSettings: strict),
        .testTarget(name: "LDAPAuthTests", dependencies: ["LDAPAuth", "Host"], swiftSettings: strict),
        .testTarget(name: "PAMAuthTests", dependencies: ["PAMAuth", "Host", "CPAM"], swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strict),
        .testTarget(name: "TLSTests", dependencies: ["TLS", "Host", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "HTTPServerTests",
            dependencies: ["HTTPServer", "Host", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LoadGeneratorTests",
            dependencies: ["nornicdb-load", "BoltProtocol", "GraphValue", "JSON"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: [
                "HTTPAPI", "HTTPServer", "JSON", "Host", "GraphValue", "QueryEngine", "SQLiteStore", "Store",
                "BasicAuth",
                "JWTAuth",
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
