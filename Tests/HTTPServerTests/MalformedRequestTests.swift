import HTTPServer
import Testing

extension HTTPServerTests {
    @Suite struct MalformedRequestTests {
        static let garbage: [(name: String, bytes: [UInt8])] = [
            ("bad request line", Array("GARBAGE\r\n\r\n".utf8)),
            ("unknown version", Array("GET / HTTP/9.9\r\nHost: x\r\n\r\n".utf8)),
            ("binary", (0..<256).map { UInt8(($0 * 37 + 11) % 256) } + Array("\r\n\r\n".utf8)),
            ("missing host", Array("GET / HTTP/1.1\r\n\r\n".utf8)),
            ("bad content length", Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n".utf8)),
            ("bad chunk size", Array("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8)),
            ("header without colon", Array("GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n".utf8)),
        ]

        @Test(arguments: garbage.map(\.name))
        func garbageRejectedAndServerKeepsServing(name: String) async throws {
            let bytes = try #require(Self.garbage.first { $0.name == name }).bytes
            let recorder = RequestRecorder()
            try await withServer(handler: { request in
                recorder.record(request)
                return echoResponse(request)
            }) { server in
                let (reply, next) = try await onThread {
                    let client = try RawClient(port: server.port, timeout: .seconds(3))
                    try? client.send(bytes)
                    let reply = client.readToEnd()
                    let other = try RawClient(port: server.port)
                    try other.send(request("GET", "/next"))
                    return (String(decoding: reply, as: UTF8.self), try other.readResponse())
                }
                // A 4xx or 505 status line, or a closed connection, is a rejection; a 2xx is not.
                let status = reply.split(separator: " ").dropFirst().first.flatMap { Int($0) }
                #expect(reply.isEmpty || (400..<500).contains(status ?? 0) || status == 505)
                #expect(next.status == 200)
                #expect(recorder.all.map(\.path) == ["/next"])
            }
        }

        @Test func truncatedRequestThenClose() async throws {
            let recorder = RequestRecorder()
            try await withServer(handler: { request in
                recorder.record(request)
                return echoResponse(request)
            }) { server in
                let next = try await onThread {
                    do {
                        let client = try RawClient(port: server.port)
                        try client.send("POST /cut HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nonly part")
                        client.shutdownWrite()
                        _ = client.readToEnd()
                    }
                    do {
                        let client = try RawClient(port: server.port)
                        try client.send("GET /half-a-head HTTP/1.1\r\nHost: loc")
                    }
                    let other = try RawClient(port: server.port)
                    try other.send(request("GET", "/next"))
                    return try other.readResponse()
                }
                #expect(next.status == 200)
                #expect(recorder.all.map(\.path) == ["/next"])
            }
        }

        @Test func slowClientTimesOut() async throws {
            try await withServer(configure: { $0.connectionTimeoutSeconds = 1 }) { server in
                let (elapsed, closed) = try await onThread {
                    let client = try RawClient(port: server.port, timeout: .seconds(4))
                    let start = ContinuousClock.now
                    try client.send("GET / HTTP/1.1\r\nHost: local")
                    let closed = client.isClosedByServer()
                    return (ContinuousClock.now - start, closed)
                }
                #expect(closed)
                #expect(elapsed < .seconds(3))
            }
        }

        @Test func idleKeepAliveTimesOut() async throws {
            try await withServer(configure: { $0.connectionTimeoutSeconds = 1 }) { server in
                let (response, closed) = try await onThread {
                    let client = try RawClient(port: server.port, timeout: .seconds(4))
                    try client.send(request("GET", "/"))
                    let response = try client.readResponse()
                    return (response, client.isClosedByServer())
                }
                #expect(response.status == 200)
                #expect(closed)
            }
        }
    }
}
