import Foundation
import Glibc
import Synchronization
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

/// Runs `body`, which blocks, on a new thread. Blocking calls stay off Swift's few cooperative
/// threads, which the server side of each test needs.
private func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

@Suite struct TCPListenerTests {
    @Test(arguments: [200_000, 5 << 20], [false, true])
    func echoesBytes(count: Int, directReads: Bool) async throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.stop() }
        let listener = try TCPListener(address: "127.0.0.1", port: 0, loop: loop) { connection in
            if directReads { connection.allowDirectReads(waitingAtMost: .milliseconds(2)) { true } }
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
        async let received = onThread { client.receive(count: payload.count) }
        await onThread { client.send(payload) }
        #expect(await received == payload)
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

    @Test func directReadsKeepOrderOfSmallMessages() async throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.stop() }
        // Direct reads allowed on every other read, so the loop and the reader take turns.
        let turn = Atomic<Int>(0)
        let listener = try TCPListener(address: "127.0.0.1", port: 0, loop: loop) { connection in
            connection.allowDirectReads(waitingAtMost: .milliseconds(1)) {
                turn.add(1, ordering: .relaxed).newValue % 2 == 0
            }
            Task {
                while let bytes = await connection.read() {
                    await connection.write(bytes)
                }
                connection.close()
            }
        }
        defer { listener.close() }
        let client = try #require(LoopbackClient(port: listener.port))
        defer { client.close() }
        let messages = (0..<2_000).map { message in
            (0..<(message % 7 + 1)).map { UInt8(truncatingIfNeeded: message &+ $0) }
        }
        let expected = messages.flatMap { $0 }
        async let received = onThread { client.receive(count: expected.count) }
        await onThread {
            for (index, bytes) in messages.enumerated() {
                client.send(bytes)
                if index % 100 == 0 { usleep(2_000) }
            }
        }
        #expect(await received == expected)
    }

    @Test func directReaderSeesPeerClose() async throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.stop() }
        let (stream, continuation) = AsyncStream<[UInt8]?>.makeStream()
        let closedReports = Atomic<Int>(0)
        let listener = try TCPListener(address: "127.0.0.1", port: 0, loop: loop) { connection in
            connection.allowDirectReads(waitingAtMost: .milliseconds(50)) { true }
            connection.setPeerClosedHandler { closedReports.add(1, ordering: .relaxed) }
            Task {
                while true {
                    let bytes = await connection.read()
                    continuation.yield(bytes)
                    if bytes == nil { break }
                }
                connection.close()
            }
        }
        defer { listener.close() }
        let client = try #require(LoopbackClient(port: listener.port))
        client.send([1, 2, 3])
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == .some([1, 2, 3]))
        client.close()
        var ended = false
        while let bytes = await iterator.next() {
            if bytes == nil {
                ended = true
                break
            }
            #expect(bytes == [], "bytes after the client closed")
        }
        #expect(ended)
        #expect(closedReports.load(ordering: .relaxed) == 1)
    }

    @Test func hangUpReportedWhileDirectReaderIsBusy() async throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.stop() }
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let (first, firstArrived) = AsyncStream<[UInt8]?>.makeStream()
        let listener = try TCPListener(address: "127.0.0.1", port: 0, loop: loop) { connection in
            connection.allowDirectReads(waitingAtMost: .milliseconds(50)) { true }
            connection.setPeerClosedHandler { continuation.yield() }
            Task {
                // One direct read, then no more: the connection is busy, as with a long statement.
                firstArrived.yield(await connection.read())
            }
        }
        defer { listener.close() }
        let client = try #require(LoopbackClient(port: listener.port))
        client.send([7])
        var firstIterator = first.makeAsyncIterator()
        #expect(await firstIterator.next() == .some([7]))
        client.close()
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() != nil)
    }

    @Test func hangUpRightAfterRequestReported() async throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.stop() }
        let rounds = 20
        let (closes, closed) = AsyncStream<Void>.makeStream()
        let listener = try TCPListener(address: "127.0.0.1", port: 0, loop: loop) { connection in
            connection.allowDirectReads(waitingAtMost: .milliseconds(50)) { true }
            connection.setPeerClosedHandler { closed.yield() }
            Task {
                // One read, which gets the request, then none: the connection is busy with it.
                _ = await connection.read()
            }
        }
        defer { listener.close() }
        for _ in 0..<rounds {
            let client = try #require(LoopbackClient(port: listener.port))
            try await Task.sleep(for: .milliseconds(5))
            client.send([7])
            client.close()
        }
        let reported = Atomic<Int>(0)
        let counter = Task {
            for await _ in closes {
                if reported.add(1, ordering: .relaxed).newValue == rounds { return }
            }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while reported.load(ordering: .relaxed) < rounds && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        counter.cancel()
        closed.finish()
        let reportedCount = reported.load(ordering: .relaxed)
        #expect(reportedCount == rounds)
    }

    @Test func wakeReachesReaderInPoll() async throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.stop() }
        let (connections, accepted) = AsyncStream<TCPConnection>.makeStream()
        let listener = try TCPListener(address: "127.0.0.1", port: 0, loop: loop) { connection in
            connection.allowDirectReads(waitingAtMost: .milliseconds(200)) { true }
            accepted.yield(connection)
        }
        defer { listener.close() }
        let client = try #require(LoopbackClient(port: listener.port))
        defer { client.close() }
        var iterator = connections.makeAsyncIterator()
        let connection = try #require(await iterator.next())
        defer { connection.close() }
        let woken = Atomic<Bool>(false)
        // The read blocks its thread in `ppoll` for at most 200 ms.
        let reader = Task {
            if await connection.read() == [] { woken.store(true, ordering: .relaxed) }
        }
        defer { reader.cancel() }
        try await Task.sleep(for: .milliseconds(50))
        connection.wakeReader()
        let deadline = ContinuousClock.now + .seconds(10)
        while !woken.load(ordering: .relaxed) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let wasWoken = woken.load(ordering: .relaxed)
        #expect(wasWoken)
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
