import Foundation
import HTTPServer
import Testing

extension HTTPServerTests {
    @Suite struct ShutdownTests {
        @Test func stopWaitsForRunningHandler() async throws {
            let gate = Gate()
            let server = try HTTPServer(configuration: .init(address: "127.0.0.1", port: 0), logger: quietLogger) {
                request in
                await gate.wait()
                try? await Task.sleep(for: .milliseconds(200))
                return echoResponse(request)
            }
            let port = server.port
            gate.open()
            async let response = onThread {
                let client = try RawClient(port: port)
                try client.send(request("POST", "/in-flight", body: "kept"))
                return try client.readResponse()
            }
            async let idleClosed = onThread {
                let client = try RawClient(port: port)
                try client.send(request("GET", "/idle"))
                _ = try client.readResponse()
                return client.isClosedByServer()
            }
            await gate.waitForArrivals(2)
            let start = ContinuousClock.now
            await server.stop()
            let elapsed = ContinuousClock.now - start

            let answered = try await response
            #expect(answered.status == 200)
            #expect(answered.text == "kept")
            #expect(try await idleClosed)
            #expect(elapsed < .seconds(2))
            let refused = try await onThread { (try? RawClient(port: port)) == nil }
            #expect(refused)
        }

        @Test func stopAnswersStuckHandlerWith503() async throws {
            let gate = Gate()
            var configuration = HTTPServer.Configuration(address: "127.0.0.1", port: 0)
            configuration.shutdownGracePeriod = .milliseconds(200)
            let server = try HTTPServer(configuration: configuration, logger: quietLogger) { request in
                await gate.wait()
                return echoResponse(request)
            }
            let port = server.port
            async let response = onThread {
                let client = try RawClient(port: port)
                try client.send(request("GET", "/stuck"))
                return try client.readResponse()
            }
            await gate.waitForArrivals(1)
            let start = ContinuousClock.now
            await server.stop()
            let elapsed = ContinuousClock.now - start
            gate.open()

            let answered = try await response
            #expect(answered.status == 503)
            #expect(answered.text.contains("Neo.TransientError.Request.ResourceExhaustion"))
            #expect(answered.header("Connection")?.lowercased() == "close")
            #expect(elapsed < .seconds(2))
        }

        @Test func stopTwiceIsSafe() async throws {
            let server = try HTTPServer(configuration: .init(address: "127.0.0.1", port: 0), logger: quietLogger) {
                echoResponse($0)
            }
            async let first: Void = server.stop()
            async let second: Void = server.stop()
            _ = await (first, second)
            await server.stop()
        }

        @Test func releasedWithoutStop() async throws {
            var port: UInt16 = 0
            do {
                let server = try HTTPServer(configuration: .init(address: "127.0.0.1", port: 0), logger: quietLogger) {
                    echoResponse($0)
                }
                port = server.port
            }
            let refused = try await onThread { [port] in (try? RawClient(port: port)) == nil }
            #expect(refused)
        }

        @Test func repeatedStartStopLeaksNothing() async throws {
            func openDescriptors() -> Int {
                (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
            }
            func threads() -> Int {
                (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
            }
            // One round first, so lazily created threads and descriptors exist before counting.
            try await withServer { _ in }
            let descriptorsBefore = openDescriptors()
            let threadsBefore = threads()
            for round in 0..<20 {
                try await withServer { server in
                    let status = try await onThread {
                        let client = try RawClient(port: server.port)
                        try client.send(request("POST", "/", body: "round \(round)"))
                        return try client.readResponse().status
                    }
                    #expect(status == 200)
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            #expect(openDescriptors() <= descriptorsBefore + 2)
            #expect(threads() <= threadsBefore + 2)
        }
    }
}
