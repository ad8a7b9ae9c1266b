import HTTPServer
import Testing

extension HTTPServerTests {
    @Suite struct LimitTests {
        @Test func declaredBodyOverLimitGets413() async throws {
            try await withServer(configure: { $0.maximumBodyBytes = 1024 }) { server in
                let (response, closed, next) = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(
                        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2048\r\n\r\n"
                            + String(repeating: "x", count: 2048)
                    )
                    let response = try client.readResponse()
                    let closed = client.isClosedByServer()
                    let other = try RawClient(port: server.port)
                    try other.send(request("POST", "/", body: String(repeating: "y", count: 1024)))
                    return (response, closed, try other.readResponse())
                }
                #expect(response.status == 413)
                #expect(response.header("Content-Type") == "application/json")
                #expect(response.text.contains("\"code\":\"Neo.ClientError.Request.InvalidFormat\""))
                #expect(closed)
                #expect(next.status == 200)
                #expect(next.body.count == 1024)
            }
        }

        @Test func hugeDeclaredBodyRejectedWithoutReading() async throws {
            try await withServer(configure: { $0.maximumBodyBytes = 1024 }) { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send("PUT / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10000000000\r\n\r\n")
                    return try client.readResponse()
                }
                #expect(response.status == 413)
            }
        }

        @Test func chunkedBodyOverLimitGets413() async throws {
            let recorder = RequestRecorder()
            try await withServer(
                configure: { $0.maximumBodyBytes = 1000 },
                handler: { request in
                    recorder.record(request)
                    return echoResponse(request)
                }
            ) { server in
                let (response, next) = try await onThread {
                    let client = try RawClient(port: server.port)
                    let chunk = "258\r\n" + String(repeating: "z", count: 600) + "\r\n"
                    try client.send(
                        "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk
                            + "0\r\n\r\n"
                    )
                    let response = try client.readResponse()
                    try client.send(request("GET", "/after"))
                    return (response, try client.readResponse())
                }
                #expect(response.status == 413)
                #expect(response.text.contains("Neo.ClientError.Request.InvalidFormat"))
                #expect(next.status == 200)
                #expect(recorder.all.map(\.path) == ["/after"])
            }
        }

        @Test func endlessChunkedBodyClosed() async throws {
            try await withServer(configure: { $0.maximumBodyBytes = 1000 }) { server in
                let closed = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send("POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
                    let chunk = Array(("3e8\r\n" + String(repeating: "z", count: 1000) + "\r\n").utf8)
                    for _ in 1...5 {
                        // The server may close before all chunks are written.
                        do { try client.send(chunk) } catch { break }
                    }
                    return client.isClosedByServer()
                }
                #expect(closed)
            }
        }

        @Test func headerBlockOverLimitGets431() async throws {
            try await withServer(configure: { $0.maximumHeaderBytes = 4096 }) { server in
                let (response, next) = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(request("GET", "/", headers: ["X-Large: " + String(repeating: "a", count: 5000)]))
                    let response = try client.readResponse()
                    let other = try RawClient(port: server.port)
                    try other.send(request("GET", "/", headers: ["X-Fits: " + String(repeating: "a", count: 3000)]))
                    return (response, try other.readResponse())
                }
                #expect(response.status == 431)
                #expect(response.header("Content-Type") == "application/json")
                #expect(response.text.contains("Neo.ClientError.Request.InvalidFormat"))
                #expect(next.status == 200)
            }
        }

        @Test func hugeHeaderBlockRejected() async throws {
            // Far over the memory pool: libmicrohttpd responds with 431 itself, with its own body.
            try await withServer(configure: { $0.maximumHeaderBytes = 4096 }) { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    var lines: [String] = []
                    for index in 0..<100 { lines.append("X-Field-\(index): " + String(repeating: "b", count: 1000)) }
                    // The server may stop reading before the whole block is written.
                    try? client.send(request("GET", "/", headers: lines))
                    return try client.readResponse()
                }
                #expect(response.status == 431)
            }
        }

        @Test func megabyteAuthorizationRejectedFast() async throws {
            try await withServer { server in
                let (status, elapsed) = try await onThread {
                    let client = try RawClient(port: server.port)
                    let start = ContinuousClock.now
                    let token = String(repeating: "t", count: 1024 * 1024)
                    // The server may stop reading before the whole header is written.
                    try? client.send(request("GET", "/", headers: ["Authorization: Bearer " + token]))
                    let status = try client.readResponse().status
                    return (status, ContinuousClock.now - start)
                }
                #expect(status == 431)
                #expect(elapsed < .seconds(1))
            }
        }

        @Test func longRequestTargetRejected() async throws {
            try await withServer(configure: { $0.maximumHeaderBytes = 4096 }) { server in
                let status = try await onThread {
                    let client = try RawClient(port: server.port)
                    try? client.send(request("GET", "/" + String(repeating: "p", count: 20000)))
                    return try client.readResponse().status
                }
                #expect(status == 414 || status == 431)
            }
        }
        @Test func perAddressLimitClosesExtraConnection() async throws {
            try await withServer(configure: { $0.maximumConnectionsPerAddress = 2 }) { server in
                let (statuses, extraClosed, laterStatus) = try await onThread {
                    let clients = try (0..<2).map { _ in try RawClient(port: server.port) }
                    var statuses: [Int] = []
                    for client in clients {
                        try client.send(request("GET", "/"))
                        statuses.append(try client.readResponse().status)
                    }
                    let extra = try RawClient(port: server.port, timeout: .seconds(3))
                    try? extra.send(request("GET", "/"))
                    let extraClosed = extra.isClosedByServer()
                    try clients[0].send(request("GET", "/"))
                    return (statuses, extraClosed, try clients[0].readResponse().status)
                }
                #expect(statuses == [200, 200])
                #expect(extraClosed)
                #expect(laterStatus == 200)
            }
        }

        @Test func connectionLimitQueuesExtraConnection() async throws {
            // At the limit libmicrohttpd stops accepting, so the extra client waits in the backlog.
            try await withServer(configure: { $0.maximumConnections = 2 }) { server in
                let (waitedUnanswered, servedAfterClose) = try await onThread {
                    var clients = try (0..<2).map { _ in try RawClient(port: server.port) }
                    for client in clients {
                        try client.send(request("GET", "/"))
                        _ = try client.readResponse()
                    }
                    let extra = try RawClient(port: server.port, timeout: .milliseconds(500))
                    try extra.send(request("GET", "/extra"))
                    let waitedUnanswered = (try? extra.readResponse()) == nil
                    clients.removeFirst()
                    return (waitedUnanswered, try extra.readResponse().header("X-Path"))
                }
                #expect(waitedUnanswered)
                #expect(servedAfterClose == "/extra")
            }
        }
    }
}
