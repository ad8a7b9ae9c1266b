import Glibc
import HTTPServer
import Testing

extension HTTPServerTests {
    @Suite struct BindingTests {
        @Test func bindsOnlyConfiguredAddress() async throws {
            try await withServer { server in
                let (local, otherLoopback) = try await onThread {
                    let client = try RawClient(host: "127.0.0.1", port: server.port)
                    try client.send(request("GET", "/"))
                    let local = try client.readResponse().status
                    // 127.0.0.2 is also loopback on Linux, but the server is bound to 127.0.0.1 only.
                    let refused = (try? RawClient(host: "127.0.0.2", port: server.port)) == nil
                    return (local, refused)
                }
                #expect(local == 200)
                #expect(otherLoopback)
            }
        }

        @Test(.enabled(if: isIPv6LoopbackAvailable), arguments: ["::1", "[::1]"])
        func ipv6Loopback(address: String) async throws {
            try await withServer(configure: { $0.address = address }) { server in
                let (response, ipv4Refused) = try await onThread {
                    let client = try RawClient(host: "::1", port: server.port)
                    try client.send(request("GET", "/six"))
                    let response = try client.readResponse()
                    let refused = (try? RawClient(host: "127.0.0.1", port: server.port)) == nil
                    return (response, refused)
                }
                #expect(response.status == 200)
                #expect(response.header("X-Remote") == "::1")
                #expect(ipv4Refused)
            }
        }

        @Test func ephemeralPortsDiffer() async throws {
            try await withServer { first in
                try await withServer { second in
                    #expect(first.port != 0)
                    #expect(second.port != 0)
                    #expect(first.port != second.port)
                }
            }
        }

        @Test func portInUseThrows() async throws {
            try await withServer { server in
                let configuration = HTTPServer.Configuration(address: "127.0.0.1", port: server.port)
                let error = #expect(throws: HTTPServerError.self) {
                    _ = try HTTPServer(configuration: configuration, logger: quietLogger) { _ in
                        HTTPResponse(status: 200)
                    }
                }
                #expect(error?.code == .bindFailed)
                #expect(error?.message.contains("127.0.0.1:\(server.port)") == true)
                #expect(error?.message.contains("Address already in use") == true)
            }
        }

        @Test(arguments: ["localhost", "127.0.0", "::g", ""])
        func nonNumericAddressThrows(address: String) {
            let configuration = HTTPServer.Configuration(address: address, port: 0)
            let error = #expect(throws: HTTPServerError.self) {
                _ = try HTTPServer(configuration: configuration, logger: quietLogger) { _ in HTTPResponse(status: 200) }
            }
            #expect(error?.code == .invalidAddress)
            #expect(error?.message.contains("is invalid") == true)
            #expect(address.isEmpty || error?.message.contains(address) == true)
        }

        @Test func invalidConfigurationThrows() {
            var configuration = HTTPServer.Configuration(address: "127.0.0.1", port: 0)
            configuration.maximumConcurrentRequests = 0
            let error = #expect(throws: HTTPServerError.self) {
                _ = try HTTPServer(configuration: configuration, logger: quietLogger) { _ in HTTPResponse(status: 200) }
            }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.message.contains("maximumConcurrentRequests") == true)
        }
    }
}

/// Whether this machine can bind `::1`; IPv6 may be off in a container.
let isIPv6LoopbackAvailable: Bool = {
    let descriptor = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_addr = in6addr_loopback
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
    }
    return result == 0
}()
