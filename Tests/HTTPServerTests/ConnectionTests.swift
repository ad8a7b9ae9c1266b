import HTTPServer
import Testing

extension HTTPServerTests {
    @Suite struct ConnectionTests {
        @Test func keepAliveServesSeveralRequests() async throws {
            try await withServer { server in
                let responses = try await onThread {
                    let client = try RawClient(port: server.port)
                    var responses: [RawResponse] = []
                    for index in 1...5 {
                        try client.send(request("POST", "/\(index)", body: "body \(index)"))
                        responses.append(try client.readResponse())
                    }
                    return responses
                }
                #expect(responses.map(\.status) == [200, 200, 200, 200, 200])
                #expect(responses.map(\.text) == ["body 1", "body 2", "body 3", "body 4", "body 5"])
                #expect(responses.allSatisfy { $0.header("Connection")?.lowercased() != "close" })
            }
        }

        @Test func pipelinedRequestsAnsweredInOrder() async throws {
            // The first request is the slowest, so responses in completion order would be visible.
            try await withServer(handler: { request in
                let delays = ["/1": 150, "/2": 50]
                try? await Task.sleep(for: .milliseconds(delays[request.path] ?? 0))
                return echoResponse(request)
            }) { server in
                let paths = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(request("GET", "/1") + request("POST", "/2", body: "two") + request("GET", "/3"))
                    return try (1...3).map { _ in try client.readResponse().header("X-Path") }
                }
                #expect(paths == ["/1", "/2", "/3"])
            }
        }

        @Test func connectionCloseHonoured() async throws {
            try await withServer { server in
                let (response, closed) = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(request("GET", "/", headers: ["Connection: close"]))
                    let response = try client.readResponse()
                    return (response, client.isClosedByServer())
                }
                #expect(response.status == 200)
                #expect(response.header("Connection")?.lowercased() == "close")
                #expect(closed)
            }
        }

        @Test func http10ClosesAfterResponse() async throws {
            try await withServer { server in
                let (response, closed) = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send("POST /old HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc")
                    let response = try client.readResponse()
                    return (response, client.isClosedByServer())
                }
                #expect(response.status == 200)
                #expect(response.text == "abc")
                #expect(response.header("X-Path") == "/old")
                #expect(closed)
            }
        }

        @Test func http10KeepAliveOnRequest() async throws {
            try await withServer { server in
                let statuses = try await onThread {
                    let client = try RawClient(port: server.port)
                    var statuses: [Int] = []
                    for _ in 1...2 {
                        try client.send("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
                        statuses.append(try client.readResponse().status)
                    }
                    return statuses
                }
                #expect(statuses == [200, 200])
            }
        }

        @Test func chunkedBodyDecoded() async throws {
            try await withServer { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(
                        "POST /chunked HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n"
                    )
                    return try client.readResponse()
                }
                #expect(response.status == 200)
                #expect(response.text == "hello, world")
            }
        }

        @Test func requestSentByteByByte() async throws {
            try await withServer { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    for byte in Array(request("POST", "/slowly?x=1", body: "drip").utf8) {
                        try client.send([byte])
                    }
                    return try client.readResponse()
                }
                #expect(response.status == 200)
                #expect(response.header("X-Path") == "/slowly")
                #expect(response.header("X-Query") == "x=1")
                #expect(response.text == "drip")
            }
        }

        @Test func noNagleDelayOnKeepAlive() async throws {
            // A 40 ms floor per request would mean Nagle's algorithm meets delayed ACKs.
            try await withServer { server in
                let durations = try await onThread {
                    let client = try RawClient(port: server.port)
                    var durations: [Duration] = []
                    for _ in 1...30 {
                        let start = ContinuousClock.now
                        try client.send(request("POST", "/", body: "x"))
                        _ = try client.readResponse()
                        durations.append(ContinuousClock.now - start)
                    }
                    return durations.sorted()
                }
                #expect(durations[durations.count / 2] < .milliseconds(20))
            }
        }
    }
}
