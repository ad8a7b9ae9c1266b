import Foundation
import Glibc
import Testing

@testable import NetworkIO

/// A blocking loopback client for driving the listener from tests.
private struct LoopbackClient {
    let descriptor: Int32

    init?(address: String = "127.0.0.1", port: UInt16) {
        var storage = sockaddr_storage()
        guard let length = try? TCPListener.socketAddress(address, port: port, into: &storage) else { return nil }
        let fd = socket(Int32(storage.ss_family), Int32(SOCK_STREAM.rawValue), 0)
        let connected = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            return nil
        }
        descriptor = fd
    }

    func send(_ bytes: [UInt8]) { _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) } }

    func receive(count: Int) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: count)
        while result.count < count {
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, count - result.count, 0) }
            if received <= 0 { break }
            result += buffer[0..<received]
        }
        return result
    }

    func close() { Glibc.close(descriptor) }
}

@Suite struct TCPListenerTests {
    @Test(arguments: [200_000, 5 << 20])
    func echoesBytes(count: Int) async throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.stop() }
        let listener = try TCPListener(address: "127.0.0.1", port: 0, loop: loop) { connection in
            Task {
                while let bytes = await connection.read() {
                    await connection.write(bytes)
                }
                connection.close()
            }
        }
        defer { listener.close() }
        #expect(listener.port != 0)

        let client = try #require(LoopbackClient(port: listener.port))
        defer { client.close() }
        // 5 MiB is more than the read buffer holds, so reading pauses and must resume.
        let payload = (0..<count).map { UInt8(truncatingIfNeeded: $0) }
        let reader = Task.detached { client.receive(count: payload.count) }
        client.send(payload)
        #expect(await reader.value == payload)
    }

    @Test func reportsPeerClose() async throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.stop() }
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let listener = try TCPListener(address: "127.0.0.1", port: 0, loop: loop) { connection in
            // Nobody reads: the handler alone must notice the peer leaving.
            connection.setPeerClosedHandler { continuation.yield() }
        }
        defer { listener.close() }
        let client = try #require(LoopbackClient(port: listener.port))
        client.close()
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() != nil)
    }

    @Test func bindsOnlyTheConfiguredAddress() throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.stop() }
        let listener = try TCPListener(address: "127.0.0.1", port: 0, loop: loop) { $0.close() }
        defer { listener.close() }
        #expect(LoopbackClient(address: "127.0.0.2", port: listener.port) == nil)
    }

    @Test func rejectsInvalidAddress() throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.stop() }
        #expect(throws: SystemCallError.self) {
            try TCPListener(address: "not-an-address", port: 0, loop: loop) { $0.close() }
        }
    }
}
