import Testing

@testable import HTTPServer

extension HTTPServerTests {
    /// Requests whose end a proxy and this server could see differently are rejected with 400 and
    /// a closed connection, and the bytes after them never reach the handler as a request.
    @Suite struct FramingTests {
        /// A request hidden after the first one; the handler must never see its path.
        static let smuggled = "GET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n"
        static let body = #"{"statements":[]}"#
        static let head = "POST /framed HTTP/1.1\r\nHost: localhost\r\n"

        static var chunkedBody: String {
            String(body.utf8.count, radix: 16) + "\r\n" + body + "\r\n0\r\n\r\n"
        }

        /// The name, the bytes, and whether the server's own JSON 400 is sent (false where
        /// libmicrohttpd already rejects the request with its own HTML 400).
        static let cases: [(name: String, text: String, isOwnResponse: Bool)] = [
            (
                "Content-Length and chunked",
                head + "Content-Length: \((chunkedBody + smuggled).utf8.count)\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunkedBody + smuggled,
                true
            ),
            (
                "chunked and Content-Length",
                head + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n" + chunkedBody + smuggled,
                true
            ),
            (
                "GET with Content-Length and chunked",
                "GET /framed HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\n" + smuggled,
                true
            ),
            (
                "two different Content-Length",
                head + "Content-Length: \(body.utf8.count)\r\nContent-Length: \((body + smuggled).utf8.count)\r\n\r\n"
                    + body + smuggled,
                true
            ),
            (
                "two equal Content-Length",
                head + "Content-Length: \(body.utf8.count)\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
                    + smuggled,
                true
            ),
            ("Content-Length with plus sign", head + "Content-Length: +17\r\n\r\n" + body + smuggled, false),
            ("Content-Length list", head + "Content-Length: 17, 17\r\n\r\n" + body + smuggled, false),
            ("Content-Length in hex", head + "Content-Length: 0x11\r\n\r\n" + body + smuggled, false),
            ("Transfer-Encoding xchunked", head + "Transfer-Encoding: xchunked\r\n\r\n" + chunkedBody + smuggled, true),
            (
                "Transfer-Encoding list",
                head + "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunkedBody + smuggled,
                true
            ),
            (
                "two Transfer-Encoding",
                head + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody + smuggled,
                true
            ),
            (
                "space before colon",
                head + "Transfer-Encoding : chunked\r\n\r\n" + chunkedBody + smuggled,
                true
            ),
            ("CR in a value", head + "X-Value: a\rb\r\nContent-Length: 0\r\n\r\n" + smuggled, true),
            (
                "two Host",
                "GET /framed HTTP/1.1\r\nHost: localhost\r\nHost: other.example\r\n\r\n" + smuggled,
                true
            ),
        ]

        @Test(arguments: cases.map(\.name))
        func rejectedAndClosed(name: String) async throws {
            let entry = try #require(Self.cases.first { $0.name == name })
            let recorder = RequestRecorder()
            try await withServer(handler: { request in
                recorder.record(request)
                return echoResponse(request)
            }) { server in
                let (reply, rest, closed) = try await onThread {
                    let client = try RawClient(port: server.port, timeout: .seconds(3))
                    try client.send(entry.text)
                    let reply = try client.readResponse()
                    let rest = client.readToEnd()
                    return (reply, rest, client.isClosedByServer())
                }
                #expect(reply.status == 400)
                #expect(closed)
                #expect(recorder.all.isEmpty, "handler ran for \(recorder.all.map(\.path))")
                let restText = String(decoding: rest, as: UTF8.self)
                #expect(!restText.contains(" 200 "), "bytes after the 400: \(restText)")
                if entry.isOwnResponse {
                    // libmicrohttpd 0.9.75 sends the head of its own 400 twice, so only the server's own 400 is
                    // checked for trailing bytes.
                    #expect(rest.isEmpty, "bytes after the 400: \(restText)")
                    #expect(reply.header("Connection")?.lowercased() == "close")
                    #expect(reply.header("Content-Type") == "application/json")
                    #expect(reply.text.contains("Neo.ClientError.Request.InvalidFormat"))
                }
            }
        }

        @Test(arguments: ["chunked", "Chunked"])
        func chunkedBodyAccepted(encoding: String) async throws {
            try await withServer { server in
                let (first, second) = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(Self.head + "Transfer-Encoding: \(encoding)\r\n\r\n" + Self.chunkedBody)
                    let first = try client.readResponse()
                    try client.send(request("GET", "/after"))
                    return (first, try client.readResponse())
                }
                #expect(first.status == 200)
                #expect(first.text == Self.body)
                #expect(second.status == 200)
                #expect(second.header("X-Path") == "/after")
            }
        }

        @Test func pipelinedRequestAfterValidBodyRuns() async throws {
            let recorder = RequestRecorder()
            try await withServer(handler: { request in
                recorder.record(request)
                return echoResponse(request)
            }) { server in
                let (first, second) = try await onThread {
                    let client = try RawClient(port: server.port)
                    try client.send(request("POST", "/framed", body: Self.body) + request("GET", "/next"))
                    return (try client.readResponse(), try client.readResponse())
                }
                #expect(first.status == 200)
                #expect(second.status == 200)
                #expect(recorder.all.map(\.path) == ["/framed", "/next"])
            }
        }

        @Test func framingViolationsTable() {
            let valid: [(name: String, value: String)] = [("host", "x"), ("content-length", "17")]
            #expect(RequestFraming.violation(in: valid) == nil)
            #expect(RequestFraming.violation(in: [("host", "x"), ("transfer-encoding", "CHUNKED")]) == nil)
            #expect(RequestFraming.violation(in: [("content-length", "")]) != nil)
            #expect(RequestFraming.violation(in: [("content-length", "١٧")]) != nil)
            #expect(RequestFraming.violation(in: [("x-a", "a\nb")]) != nil)
            #expect(RequestFraming.violation(in: [("bad name", "v")]) != nil)
            #expect(RequestFraming.violation(in: [("", "v")]) != nil)
        }
    }
}
