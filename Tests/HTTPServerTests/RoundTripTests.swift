import HTTPServer
import Testing

extension HTTPServerTests {
    @Suite struct RoundTripTests {
        @Test func getWithQuery() async throws {
            try await withServer { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(request("GET", "/db/neo4j/tx?a=1&b=%20x"))
                    return try client.readResponse()
                }
                #expect(response.status == 200)
                #expect(response.header("X-Method") == "GET")
                #expect(response.header("X-Path") == "/db/neo4j/tx")
                #expect(response.header("X-Query") == "a=1&b=%20x")
                #expect(response.header("X-Remote") == "127.0.0.1")
                #expect(response.body.isEmpty)
            }
        }

        @Test func postEchoesBody() async throws {
            try await withServer { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(
                        request("POST", "/echo", headers: ["Content-Type: text/plain"], body: "héllo, body")
                    )
                    return try client.readResponse()
                }
                #expect(response.status == 200)
                #expect(response.header("X-Method") == "POST")
                #expect(response.text == "héllo, body")
                #expect(response.header("Content-Length") == String("héllo, body".utf8.count))
            }
        }

        @Test func pathIsNotPercentDecoded() async throws {
            try await withServer { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(request("GET", "/a%2Fb/c%20d"))
                    return try client.readResponse()
                }
                #expect(response.header("X-Path") == "/a%2Fb/c%20d")
            }
        }

        @Test func headersLowercasedInArrivalOrder() async throws {
            let recorder = RequestRecorder()
            try await withServer(handler: { request in
                recorder.record(request)
                return HTTPResponse(status: 204)
            }) { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(
                        "GET / HTTP/1.1\r\nX-First: one\r\nHost: localhost\r\nX-REPEAT: a\r\n"
                            + "Authorization: Basic dXNlcjpwYXNz\r\nx-repeat:   b  \r\n\r\n"
                    )
                    return try client.readResponse()
                }
                #expect(response.status == 204)
                let seen = try #require(recorder.all.first)
                #expect(seen.headers.map(\.name) == ["x-first", "host", "x-repeat", "authorization", "x-repeat"])
                #expect(seen.headers(named: "X-Repeat") == ["a", "b"])
                #expect(seen.header("Authorization") == "Basic dXNlcjpwYXNz")
                #expect(seen.requestID.hasPrefix("http-"))
                #expect(seen.remoteAddress == "127.0.0.1")
            }
        }

        @Test func responseHeadersAsGiven() async throws {
            try await withServer(handler: { _ in
                HTTPResponse(
                    status: 201,
                    headers: [
                        (name: "Content-Type", value: "application/json"),
                        (name: "Location", value: "/db/neo4j/tx/7"),
                        (name: "Set-Cookie", value: "a=1"),
                        (name: "Set-Cookie", value: "b=2"),
                        (name: "Content-Length", value: "999"),
                    ],
                    body: Array("{}".utf8)
                )
            }) { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(request("POST", "/db/neo4j/tx", body: "{}"))
                    return try client.readResponse()
                }
                #expect(response.status == 201)
                #expect(response.header("Location") == "/db/neo4j/tx/7")
                #expect(response.headers.filter { $0.name == "Set-Cookie" }.map(\.value) == ["a=1", "b=2"])
                #expect(response.header("Content-Length") == "2")
                #expect(response.text == "{}")
            }
        }

        @Test func headRequestHasNoBody() async throws {
            try await withServer(handler: { _ in HTTPResponse(status: 200, body: Array("hidden".utf8)) }) { server in
                let (response, followUp) = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(request("HEAD", "/"))
                    let head = try client.readResponse(head: true)
                    try client.send(request("GET", "/"))
                    return (head, try client.readResponse())
                }
                #expect(response.status == 200)
                #expect(response.header("Content-Length") == "6")
                #expect(followUp.text == "hidden")
            }
        }

        @Test(arguments: [42, 1000, -1])
        func invalidStatusBecomes500(status: Int) async throws {
            try await withServer(handler: { _ in HTTPResponse(status: status) }) { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(request("GET", "/"))
                    return try client.readResponse()
                }
                #expect(response.status == 500)
                #expect(response.header("Content-Type") == "application/json")
                #expect(response.text.contains("Neo.DatabaseError.General.UnknownError"))
            }
        }

        @Test func invalidHeaderBecomes500() async throws {
            try await withServer(handler: { _ in
                HTTPResponse(status: 200, headers: [(name: "X-Bad", value: "a\r\nInjected: yes")])
            }) { server in
                let response = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(request("GET", "/"))
                    return try client.readResponse()
                }
                #expect(response.status == 500)
                #expect(response.header("Injected") == nil)
            }
        }

        @Test func expectContinue() async throws {
            try await withServer { server in
                let (interim, final) = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(
                        "POST / HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"
                    )
                    let interim = try client.readResponse()
                    try client.send("ping")
                    return (interim, try client.readResponse())
                }
                #expect(interim.status == 100)
                #expect(final.status == 200)
                #expect(final.text == "ping")
            }
        }
    }
}
