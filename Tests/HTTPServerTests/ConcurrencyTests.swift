import HTTPServer
import Synchronization
import Testing

extension HTTPServerTests {
    @Suite struct ConcurrencyTests {
        @Test func slowHandlerDoesNotBlockOthers() async throws {
            let gate = Gate()
            try await withServer(handler: { request in
                if request.path == "/slow" { await gate.wait() }
                return echoResponse(request)
            }) { server in
                let port = server.port
                async let slowStatuses = withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 1...4 {
                        group.addTask {
                            try await onThread {
                                let client = try RawClient(port: port)
                                try client.send(request("GET", "/slow"))
                                return try client.readResponse().status
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                await gate.waitForArrivals(4)
                #expect(gate.arrivals == 4)

                // All four handlers are waiting, yet a fast request on another connection gets its response.
                let fast = try await onThread {
                    let client = try RawClient(port: port)
                    try client.send(request("GET", "/fast"))
                    return try client.readResponse()
                }
                #expect(fast.status == 200)
                #expect(fast.header("X-Path") == "/fast")

                gate.open()
                #expect(try await slowStatuses == [200, 200, 200, 200])
            }
        }

        @Test func overLimitGets503WithRetryAfter() async throws {
            let gate = Gate()
            try await withServer(
                configure: { $0.maximumConcurrentRequests = 2 },
                handler: { request in
                    if request.path == "/block" { await gate.wait() }
                    return echoResponse(request)
                }
            ) { server in
                let port = server.port
                async let blocked = withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 1...2 {
                        group.addTask {
                            try await onThread {
                                let client = try RawClient(port: port)
                                try client.send(request("GET", "/block"))
                                return try client.readResponse().status
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                await gate.waitForArrivals(2)

                let (rejected, afterwards) = try await onThread {
                    let client = try RawClient(port: port)
                    try client.send(request("GET", "/third"))
                    let rejected = try client.readResponse()
                    return (rejected, client)
                }
                #expect(rejected.status == 503)
                #expect(rejected.header("Retry-After") == "1")
                #expect(rejected.header("Content-Type") == "application/json")
                #expect(rejected.text.contains("Neo.TransientError.Request.ResourceExhaustion"))

                gate.open()
                #expect(try await blocked == [200, 200])
                // The connection that got the 503 stays usable once handlers are free.
                let retried = try await onThread {
                    try afterwards.send(request("GET", "/retry"))
                    return try afterwards.readResponse()
                }
                #expect(retried.status == 200)
            }
        }

        @Test func manyConnectionsAtOnce() async throws {
            try await withServer(handler: { request in
                try? await Task.sleep(for: .milliseconds(20))
                return echoResponse(request)
            }) { server in
                let port = server.port
                let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                    for index in 0..<32 {
                        group.addTask {
                            try await onThread {
                                let client = try RawClient(port: port)
                                var text = ""
                                for round in 0..<3 {
                                    try client.send(request("POST", "/", body: "\(index)-\(round)"))
                                    text += try client.readResponse().text + ";"
                                }
                                return text
                            }
                        }
                    }
                    return try await group.reduce(into: Set<String>()) { $0.insert($1) }
                }
                #expect(bodies.count == 32)
                #expect(bodies.contains("7-0;7-1;7-2;"))
            }
        }
    }

}
