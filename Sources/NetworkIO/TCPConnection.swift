internal import CLinux
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// One accepted TCP connection, read and written asynchronously through an ``EventLoop``.
///
/// One task reads and one task writes at a time; both may suspend without holding a thread.
/// Reading stops at ``maximumBufferedBytes`` until the reader takes the bytes, so a client that
/// floods the server cannot grow its buffer without bound.
///
/// The `state` lock guards the buffers and waiters and is held only for memory operations, so
/// the loop thread and the connection's task never wait on each other's system calls. `recv`
/// and `send` run outside it, each inside a ``DescriptorGuard`` use, which lets them run at the
/// same time and makes closing wait until neither is in a call, so no call ever reaches a
/// descriptor number the kernel has handed to another connection.
public final class TCPConnection: Sendable, EventHandler {
    public static let maximumBufferedBytes = 1 << 20

    public let peerAddress: String
    private let descriptor: Int32
    private let loop: EventLoop
    private let state = Mutex(State())
    private let socket = DescriptorGuard()
    /// Set while one thread receives from the socket: the loop thread for a readiness event, or
    /// a reader in ``receiveDirectly(waitingAtMost:)``. Bytes then reach the buffer in order.
    private let receiving = Atomic<Bool>(false)
    private let directReads = Mutex<DirectReads?>(nil)

    /// When and how long a reader may wait on the socket on its own thread, set by
    /// ``allowDirectReads(waitingAtMost:when:)``.
    private struct DirectReads {
        let maximumWaitNanoseconds: Int
        let allowed: @Sendable () -> Bool
    }

    private struct State {
        var id: UInt64 = 0
        var inbound: [UInt8] = []
        var readWaiter: CheckedContinuation<[UInt8]?, Never>?
        var endOfInput = false
        var readPaused = false
        var outbound: [UInt8] = []
        var writeWaiter: CheckedContinuation<Bool, Never>?
        var closed = false
        var peerClosedReported = false
        var onPeerClosed: (@Sendable () -> Void)?
        var sentByteCount = 0
        /// The events epoll watches now, so an unchanged interest costs no `epoll_ctl` call.
        var registered = TCPConnection.readEvents
        /// Set while readers receive on their own threads, so epoll leaves readable data to them
        /// and reports only a hang-up.
        var direct = false
        /// Set while a reader is in ``receiveDirectly(waitingAtMost:)``.
        var directReaderActive = false
        /// Set when epoll reported a hang-up in direct mode. Direct reads then stop for good, so
        /// the loop, whose interest is level-triggered again, reads the end of input and reports it.
        var hangUpSeen = false
        /// Set by ``wakeReader()`` while a reader waits in `ppoll`, which the wake cannot reach;
        /// the next read then returns an empty array at once.
        var pendingWake = false
    }

    init(descriptor: Int32, peerAddress: String, loop: EventLoop) throws(SystemCallError) {
        self.descriptor = descriptor
        self.peerAddress = peerAddress
        self.loop = loop
        let id = try loop.register(descriptor, events: Self.readEvents, handler: self)
        state.withLock { $0.id = id }
    }

    private static let readEvents = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
    private static let writeEvents = EPOLLOUT.rawValue

    /// Sets the action run once when the peer closes or the connection fails, even while no read
    /// is pending. It runs on the event-loop thread, or on the thread of a direct read that found
    /// the end of input, so it must be quick and must not block.
    public func setPeerClosedHandler(_ handler: @escaping @Sendable () -> Void) {
        state.withLock { $0.onPeerClosed = handler }
    }

    // MARK: Reading

    /// Lets ``read()`` wait for bytes on the calling thread, for at most `maximumWait`, whenever
    /// `allowed` returns true just before the read.
    ///
    /// A reader that waits on its own thread is woken by the kernel when bytes arrive, without the
    /// hand-off from the event-loop thread, which shortens a round trip. The caller's thread is
    /// blocked meanwhile, so `allowed` should be true only on a thread that may block and while
    /// enough threads are free for other work.
    public func allowDirectReads(waitingAtMost maximumWait: Duration, when allowed: @escaping @Sendable () -> Bool) {
        let nanoseconds =
            maximumWait.components.seconds * 1_000_000_000 + maximumWait.components.attoseconds / 1_000_000_000
        directReads.withLock { $0 = DirectReads(maximumWaitNanoseconds: Int(nanoseconds), allowed: allowed) }
    }

    /// Returns the next bytes received, or nil once the peer closed or the connection failed.
    /// An empty array means ``wakeReader()`` ended the wait before any bytes arrived.
    public func read() async -> [UInt8]? {
        if let policy = directReads.withLock({ $0 }), policy.allowed() {
            switch receiveDirectly(waitingAtMost: policy.maximumWaitNanoseconds) {
            case .bytes(let bytes): return bytes
            case .ended: return nil
            case .notNow: break
            }
        }
        return await withCheckedContinuation { (continuation: CheckedContinuation<[UInt8]?, Never>) in
            let resume: [UInt8]?? = state.withLock { state in
                if !state.inbound.isEmpty {
                    let bytes = state.inbound
                    state.inbound = []
                    if state.readPaused {
                        state.readPaused = false
                        updateInterest(&state)
                    }
                    return .some(bytes)
                }
                if state.endOfInput || state.closed { return .some(nil) }
                if state.pendingWake {
                    state.pendingWake = false
                    return .some([])
                }
                state.readWaiter = continuation
                if state.direct {
                    state.direct = false
                    updateInterest(&state)
                }
                return .none
            }
            if let resume { continuation.resume(returning: resume) }
        }
    }

    /// The outcome of a receive on the reader's own thread.
    private enum DirectRead {
        case bytes([UInt8])
        /// The peer closed, or reading failed.
        case ended
        /// Nothing arrived within the wait, or the loop thread is receiving, or bytes are
        /// already buffered; the reader waits for the loop as usual.
        case notNow
    }

    /// The maximum bytes one direct receive takes; the rest stay in the socket for the next read.
    private static let directReceiveBytes = 16_384

    /// Receives on the calling thread, first at once and then after waiting in `ppoll` for at
    /// most `maximumWaitNanoseconds`.
    ///
    /// Takes ``receiving`` for the whole call and switches epoll to report only hang-ups, so the
    /// loop thread never receives at the same time and bytes keep their order.
    private func receiveDirectly(waitingAtMost maximumWaitNanoseconds: Int) -> DirectRead {
        guard receiving.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            return .notNow
        }
        defer { receiving.store(false, ordering: .releasing) }
        let ready = state.withLock { state -> Bool in
            guard state.inbound.isEmpty, !state.endOfInput, !state.closed, state.readWaiter == nil, !state.hangUpSeen,
                !state.pendingWake
            else { return false }
            if !state.direct {
                state.direct = true
                updateInterest(&state)
            }
            state.directReaderActive = true
            return true
        }
        guard ready else { return .notNow }
        defer {
            state.withLock { state in
                state.directReaderActive = false
                // A hang-up came while this reader held the flag: the loop takes reading back now.
                if state.hangUpSeen && state.direct && !state.closed {
                    state.direct = false
                    updateInterest(&state)
                }
            }
        }
        guard socket.enter() else { return .notNow }
        defer { socket.leave() }
        return withUnsafeTemporaryAllocation(byteCount: Self.directReceiveBytes, alignment: 16) { buffer in
            var waited = false
            while true {
                let count: Int?
                do {
                    count = try Syscall.transfer("recv") { recv(descriptor, buffer.baseAddress, buffer.count, 0) }
                } catch {
                    return endInput()
                }
                if let count {
                    if count == 0 { return endInput() }
                    return .bytes(Array(UnsafeRawBufferPointer(rebasing: buffer[0..<count])))
                }
                if waited { return .notNow }
                var descriptorEvents = pollfd(fd: descriptor, events: Int16(POLLIN | NORNICDB_POLLRDHUP), revents: 0)
                var timeout = timespec(
                    tv_sec: maximumWaitNanoseconds / 1_000_000_000,
                    tv_nsec: maximumWaitNanoseconds % 1_000_000_000
                )
                let polled = ppoll(&descriptorEvents, 1, &timeout, nil)
                if polled <= 0 { return .notNow }
                waited = true
            }
        }
    }

    /// Records the end of input that a direct receive saw, and runs the peer-closed action.
    private func endInput() -> DirectRead {
        let closed = state.withLock { state -> (@Sendable () -> Void)? in
            state.endOfInput = true
            if !state.closed { updateInterest(&state) }
            guard !state.peerClosedReported else { return nil }
            state.peerClosedReported = true
            return state.onPeerClosed
        }
        closed?()
        return .ended
    }

    /// Makes a pending ``read()`` return an empty array at once, so its caller can check a
    /// deadline; does nothing when no read is pending. Safe to call from any thread.
    ///
    /// A read waiting in `ppoll` on its own thread returns within its short wait, and its caller
    /// then gets the empty array from the next read.
    public func wakeReader() {
        let waiter = state.withLock { state -> CheckedContinuation<[UInt8]?, Never>? in
            if let waiter = state.readWaiter {
                state.readWaiter = nil
                return waiter
            }
            if state.directReaderActive { state.pendingWake = true }
            return nil
        }
        waiter?.resume(returning: [])
    }

    // MARK: Writing

    /// Sends all of `bytes`; returns false if the connection closed first.
    ///
    /// The bytes go to the socket at once, outside the state lock; only what the socket does not
    /// take waits for the loop thread.
    @discardableResult
    public func write(_ bytes: [UInt8]) async -> Bool {
        if bytes.isEmpty { return true }
        // One writer at a time and every write returns only when all of it is sent, so nothing
        // is queued from an earlier write here.
        if state.withLock({ $0.closed }) { return false }
        let sent: Int
        do {
            sent = try send(bytes[...])
        } catch {
            failed()
            return false
        }
        if sent == bytes.count {
            state.withLock { $0.sentByteCount &+= sent }
            return true
        }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let result: Bool? = state.withLock { state in
                state.sentByteCount &+= sent
                if state.closed { return false }
                state.outbound = Array(bytes[sent...])
                state.writeWaiter = continuation
                updateInterest(&state)
                return nil
            }
            if let result { continuation.resume(returning: result) }
        }
    }

    /// The number of bytes the socket has accepted for sending so far. When it stays the same
    /// while a write is pending, the peer has stopped reading.
    public var sentByteCount: Int { state.withLock { $0.sentByteCount } }

    /// Sends FIN after the bytes written so far, and keeps reading. Closing a socket with unread
    /// input makes the kernel send RST, and the peer may then lose the last reply before it
    /// reads it. Shutting down the sending side first avoids that.
    public func shutdownWrite() {
        guard socket.enter() else { return }
        defer { socket.leave() }
        _ = shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Closes the socket at once; pending reads return nil and pending writes return false.
    public func close() {
        let waiters = state.withLock {
            state -> (CheckedContinuation<[UInt8]?, Never>?, CheckedContinuation<Bool, Never>?) in
            guard !state.closed else { return (nil, nil) }
            state.closed = true
            loop.unregister(descriptor, id: state.id)
            defer {
                state.readWaiter = nil
                state.writeWaiter = nil
            }
            return (state.readWaiter, state.writeWaiter)
        }
        closeDescriptor()
        waiters.0?.resume(returning: nil)
        waiters.1?.resume(returning: false)
    }

    /// Closes the connection after a failed `send`, like ``close()``, and ends input.
    private func failed() {
        state.withLock { state in
            state.outbound = []
            state.endOfInput = true
        }
        close()
    }

    /// Closes the descriptor once, after the calls in progress on it return; safe to call with
    /// `state` held, because those calls never take it.
    private func closeDescriptor() {
        if socket.close() { Syscall.close(descriptor) }
    }

    // MARK: Events

    func handle(events: UInt32) {
        var received = Received()
        // While a reader receives on its own thread, it gets the bytes. The flag is kept until the
        // bytes are in the buffer, where such a reader looks first.
        var receivingHere = false
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            let room = state.withLock { $0.closed ? 0 : Self.maximumBufferedBytes - $0.inbound.count }
            if room > 0, receiving.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
                receivingHere = true
                received = receive(upTo: room)
            }
        }
        defer { if receivingHere { receiving.store(false, ordering: .releasing) } }
        var readResume: (CheckedContinuation<[UInt8]?, Never>, [UInt8]?)?
        var writeResume: (CheckedContinuation<Bool, Never>, Bool)?
        var closed: (@Sendable () -> Void)?
        state.withLock { state in
            guard !state.closed else { return }
            if state.direct, events & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
                // The edge-triggered hang-up comes once, and a reader in `ppoll` may return a request
                // without reading the end of input. So the loop takes reading back. While a reader
                // keeps the flag, the reader hands it back when it ends, so that a level-triggered
                // hang-up does not wake the loop repeatedly meanwhile.
                state.hangUpSeen = true
                if !state.directReaderActive { state.direct = false }
            }
            if !received.bytes.isEmpty {
                if state.inbound.isEmpty {
                    state.inbound = received.bytes
                } else {
                    state.inbound.append(contentsOf: received.bytes)
                }
            }
            if received.ended { state.endOfInput = true }
            if received.full { state.readPaused = true }
            if events & (EPOLLOUT.rawValue | EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0, state.writeWaiter != nil {
                if flush(&state) || state.closed {
                    writeResume = (state.writeWaiter!, !state.closed)
                    state.writeWaiter = nil
                }
            }
            if let waiter = state.readWaiter, !state.inbound.isEmpty || state.endOfInput {
                readResume = (waiter, state.inbound.isEmpty ? nil : state.inbound)
                state.inbound = []
                state.readWaiter = nil
                // The buffer is empty again, so reading resumes below.
                state.readPaused = false
            }
            if state.endOfInput, !state.peerClosedReported {
                state.peerClosedReported = true
                closed = state.onPeerClosed
            }
            if !state.closed { updateInterest(&state) }
        }
        if let (continuation, bytes) = readResume { continuation.resume(returning: bytes) }
        if let (continuation, ok) = writeResume { continuation.resume(returning: ok) }
        closed?()
    }

    /// The bytes and end-of-input flags one readiness event read from the socket.
    private struct Received {
        var bytes: [UInt8] = []
        /// The peer closed, or reading failed.
        var ended = false
        /// The room ran out before the socket was empty.
        var full = false
    }

    /// Reads what the socket holds, at most `room` bytes, without holding the state lock. Runs
    /// on the loop thread only, which owns the loop's receive buffer.
    private func receive(upTo room: Int) -> Received {
        let buffer = loop.receiveBuffer
        var received = Received()
        guard socket.enter() else { return received }
        defer { socket.leave() }
        while received.bytes.count < room {
            let wanted = min(buffer.count, room - received.bytes.count)
            let count: Int?
            do {
                count = try Syscall.transfer("recv") { recv(descriptor, buffer.baseAddress, wanted, 0) }
            } catch {
                received.ended = true
                return received
            }
            guard let count else { return received }
            if count == 0 {
                received.ended = true
                return received
            }
            received.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        received.full = true
        return received
    }

    /// Sends as much of `bytes` as the socket takes now and returns how much that was.
    private func send(_ bytes: ArraySlice<UInt8>) throws(SystemCallError) -> Int {
        guard socket.enter() else { throw SystemCallError(function: "send", errno: EBADF) }
        defer { socket.leave() }
        var total = 0
        while total < bytes.count {
            let sent = try Syscall.transfer("send") {
                bytes.withUnsafeBytes { pointer in
                    Glibc.send(descriptor, pointer.baseAddress! + total, pointer.count - total, Int32(MSG_NOSIGNAL))
                }
            }
            guard let sent else { break }
            total += sent
        }
        return total
    }

    /// Writes as much of the queued bytes as the socket takes; returns true when nothing is
    /// left. Runs with the state lock held, for the loop thread's writable events.
    private func flush(_ state: inout State) -> Bool {
        guard !state.outbound.isEmpty else { return true }
        let sent: Int
        do {
            sent = try send(state.outbound[...])
        } catch {
            state.outbound = []
            state.endOfInput = true
            state.closed = true
            loop.unregister(descriptor, id: state.id)
            closeDescriptor()
            return false
        }
        state.outbound.removeFirst(sent)
        state.sentByteCount &+= sent
        return state.outbound.isEmpty
    }

    /// Tells epoll the events `state` now waits for, when they changed.
    private func updateInterest(_ state: inout State) {
        let events = interest(state)
        guard events != state.registered else { return }
        state.registered = events
        loop.modify(descriptor, id: state.id, events: events)
    }

    private func interest(_ state: State) -> UInt32 {
        var events: UInt32 = 0
        if state.direct && !state.endOfInput {
            // Edge-triggered, so a hang-up wakes the loop once while a reader receives directly.
            events |= EPOLLRDHUP.rawValue | EPOLLET.rawValue
        } else if !state.readPaused && !state.endOfInput {
            events |= Self.readEvents
        }
        if !state.outbound.isEmpty { events |= Self.writeEvents }
        // epoll reports hang-ups and errors even for an empty interest. Level-triggered, a peer that
        // hung up while reading is paused would wake the loop on every wait. Edge-triggered, it
        // wakes it once, and the hang-up is seen again when reading resumes.
        return events == 0 ? EPOLLET.rawValue : events
    }
}
