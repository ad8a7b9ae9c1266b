import HTTPServer
import Host
import Testing

extension HTTPServerTests {
    @Suite struct LoggingTests {
        @Test func requestLineLoggedWithoutSecrets() async throws {
            let sink = LogSink.memory()
            let logger = Logger(label: "http", level: .debug, sink: sink)
            var port: UInt16 = 0
            try await withServer(logger: logger) { server in
                port = server.port
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(
                        request(
                            "POST",
                            "/login?next=/",
                            headers: ["Authorization: Bearer s3cr3t-token-value", "Cookie: nornicdb_token=c00kie"],
                            body: "password=hunter2"
                        )
                    )
                    return try client.readResponse()
                }
                #expect(response.status == 200)
            }
            let records = sink.recorded
            let requestLine = try #require(records.first { $0.message == "HTTP request" })
            #expect(requestLine.level == .debug)
            #expect(requestLine.metadata["http.method"] == "POST")
            #expect(requestLine.metadata["http.path"] == "/login")
            #expect(requestLine.metadata["http.status"] == "200")
            #expect(requestLine.metadata["http.request.id"]?.hasPrefix("http-") == true)
            #expect(requestLine.metadata["http.duration_ms"] != nil)

            let started = try #require(records.first { $0.message == "HTTP server listening" })
            #expect(started.level == .info)
            #expect(started.metadata["http.port"] == String(port))
            #expect(started.metadata["http.address"] == "127.0.0.1")
            #expect(records.contains { $0.message == "HTTP server stopped" && $0.level == .info })

            let everything = records.map { $0.formatted(timestampNanoseconds: 0) }.joined(separator: "\n")
            for secret in ["s3cr3t-token-value", "c00kie", "hunter2"] {
                #expect(!everything.contains(secret), "log contains \(secret)")
            }
        }

        @Test func longPathLoggedCut() async throws {
            let sink = LogSink.memory()
            let logger = Logger(label: "http", level: .debug, sink: sink)
            let path = "/" + String(repeating: "a", count: 2_000)
            try await withServer(logger: logger) { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(request("GET", path))
                    return try client.readResponse()
                }
                #expect(response.status == 200)
                #expect(response.header("X-Path") == path)
            }
            let requestLine = try #require(sink.recorded.first { $0.message == "HTTP request" })
            #expect(requestLine.metadata["http.path"] == String(path.prefix(256)))
        }

        @Test func clientErrorsLoggedAtDebugOnly() async throws {
            let sink = LogSink.memory()
            let logger = Logger(label: "http", level: .debug, sink: sink)
            try await withServer(logger: logger) { server in
                _ = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\npart")
                    client.shutdownWrite()
                    return client.readToEnd()
                }
            }
            let daemonRecords = sink.recorded.filter { $0.metadata["http.component"] == "libmicrohttpd" }
            #expect(!daemonRecords.isEmpty)
            #expect(daemonRecords.allSatisfy { $0.level == .debug })
        }
    }
}
