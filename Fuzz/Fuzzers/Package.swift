// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for the decoders of the main package. Build one with
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product <name>
// or run `scripts/fuzz.sh <name> <seconds>` from the repository root. The main package's own
// build and tests do not see this package.

let fuzzers: [(product: String, target: String, dependencies: [String])] = [
    ("packstream", "PackStreamFuzzer", ["BoltProtocol"]),
    ("bolt-message", "BoltMessageFuzzer", ["BoltProtocol"]),
    ("bolt-handshake", "BoltHandshakeFuzzer", ["BoltProtocol"]),
    ("jwt", "JWTFuzzer", ["JWTAuth", "Host"]),
    ("http", "HTTPFuzzer", ["HTTPAPI", "HTTPServer", "JSON"]),
    ("cypher", "CypherFuzzer", ["Cypher"]),
]

let package = Package(
    name: "NornicDBFuzz",
    products: fuzzers.map { .executable(name: $0.product, targets: [$0.target]) },
    dependencies: [.package(name: "NornicDB", path: "../..")],
    targets: [
        .target(name: "CFuzzerDriver", path: "Sources/CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"], path: "Sources/FuzzSupport"),
    ]
        + fuzzers.map { fuzzer in
            .executableTarget(
                name: fuzzer.target,
                dependencies: ["FuzzSupport"] + fuzzer.dependencies.map { .product(name: $0, package: "NornicDB") },
                path: "Sources/\(fuzzer.target)"
            )
        },
    swiftLanguageModes: [.v6]
)
