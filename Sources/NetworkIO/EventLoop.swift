internal import CLinux
internal import Foundation
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// Something registered with an ``EventLoop`` that reacts to readiness events.
protocol EventHandler: AnyObject, Sendable {
    func handle(events: UInt32)
}

/// An epoll loop on one dedicated thread, driving non-blocking sockets.
///
/// Handlers are registered under a numeric id kept in epoll's user data, so an event that
/// arrives after a handler was removed finds nothing and is dropped instead of reaching a
/// reused file descriptor.
public final class EventLoop: Sendable {
    private let epoll: Int32
    private let wakeup: Int32
    private let handlers = Mutex<[UInt64: any EventHandler]>([:])
    private let nextID = Atomic<UInt64>(1)
    private let running = Atomic<Bool>(true)
    /// Scratch space for `recv`, used only on the loop thread while it handles an event, so
    /// connections need no receive buffer of their own and none is allocated per event.
    nonisolated(unsafe) let receiveBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 16)

    public init(name: String) throws(SystemCallError) {
        epoll = try Syscall.call("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        wakeup = try Syscall.call("eventfd") { eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK)) }
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: 0))
        try Syscall.call("epoll_ctl") { epoll_ctl(epoll, EPOLL_CTL_ADD, wakeup, &event) }
        let thread = Thread { [self] in self.run() }
        thread.name = name
        thread.start()
    }

    /// Stops the loop thread after its current iteration.
    public func stop() {
        running.store(false, ordering: .releasing)
        var one: UInt64 = 1
        _ = Glibc.write(wakeup, &one, 8)
    }

    func register(_ descriptor: Int32, events: UInt32, handler: any EventHandler) throws(SystemCallError) -> UInt64 {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        handlers.withLock { $0[id] = handler }
        var event = epoll_event(events: events, data: epoll_data_t(u64: id))
        do {
            try Syscall.call("epoll_ctl") { epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event) }
        } catch {
            _ = handlers.withLock { $0.removeValue(forKey: id) }
            throw error
        }
        return id
    }

    func modify(_ descriptor: Int32, id: UInt64, events: UInt32) {
        var event = epoll_event(events: events, data: epoll_data_t(u64: id))
        _ = epoll_ctl(epoll, EPOLL_CTL_MOD, descriptor, &event)
    }

    func unregister(_ descriptor: Int32, id: UInt64) {
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, descriptor, nil)
        _ = handlers.withLock { $0.removeValue(forKey: id) }
    }

    private func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while running.load(ordering: .acquiring) {
            let count = events.withUnsafeMutableBufferPointer { epoll_wait(epoll, $0.baseAddress, 256, -1) }
            if count < 0 { continue }
            for index in 0..<Int(count) {
                let id = events[index].data.u64
                if id == 0 {
                    var value: UInt64 = 0
                    _ = Glibc.read(wakeup, &value, 8)
                    continue
                }
                let handler = handlers.withLock { $0[id] }
                handler?.handle(events: events[index].events)
            }
        }
        Syscall.close(epoll)
        Syscall.close(wakeup)
    }
}
