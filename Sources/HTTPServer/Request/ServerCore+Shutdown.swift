internal import CMicroHTTPD
internal import Foundation
internal import Host
internal import Synchronization

extension ServerCore {
    /// How long shutdown waits, after sending 503 to the requests whose handlers are still running,
    /// for those responses to go out before it closes the connections.
    static let flushPeriod = Duration.seconds(1)

    func stop() async {
        guard let (daemon, socket) = beginStopping() else {
            await waitUntilStopped()
            return
        }
        let endpoint = ["http.address": configuration.address, "http.port": String(socket.port)]
        logger.info("HTTP server stopping", metadata: endpoint)
        let ownsSocket = Self.quiesce(daemon)
        rejectNewRequests()

        await waitForAdmittedRequests(until: .now + configuration.shutdownGracePeriod)
        let abandoned = abandonSuspendedRequests()
        if abandoned > 0 {
            logger.warning(
                "HTTP handlers still running at shutdown; sent 503 responses",
                metadata: endpoint.merging(["http.requests": String(abandoned)]) { _, new in new }
            )
            await waitForAdmittedRequests(until: .now + Self.flushPeriod)
        }
        // MHD_stop_daemon joins libmicrohttpd's thread, so it runs on a thread of its own rather
        // than on Swift's cooperative pool.
        await Self.runOnDedicatedThread {
            MHD_stop_daemon(daemon.pointer)
            if ownsSocket { socket.close() }
        }
        lifecycle.withLock { $0 = .stopped }
        logger.info("HTTP server stopped", metadata: endpoint)
    }

    /// Stops at once, for a server released without ``stop()``: requests still waiting for a
    /// handler get no response.
    func stopWithoutWaiting() {
        guard let (daemon, socket) = beginStopping() else { return }
        let ownsSocket = Self.quiesce(daemon)
        _ = abandonSuspendedRequests()
        MHD_stop_daemon(daemon.pointer)
        if ownsSocket { socket.close() }
        lifecycle.withLock { $0 = .stopped }
        logger.info(
            "HTTP server stopped",
            metadata: ["http.address": configuration.address, "http.port": String(socket.port)]
        )
    }

    /// Moves a running server to stopping and returns its daemon, or nil when it is not running.
    private func beginStopping() -> (DaemonHandle, ListeningSocket)? {
        lifecycle.withLock { state in
            guard case .running(let daemon, let socket) = state else { return nil }
            state = .stopping
            return (daemon, socket)
        }
    }

    /// Stops libmicrohttpd from accepting connections. Returns whether the listening socket is now
    /// the server's to close: after `MHD_quiesce_daemon` succeeds, `MHD_stop_daemon` leaves it open,
    /// and otherwise `MHD_stop_daemon` closes it itself. The socket stays open until then, because
    /// closing it while libmicrohttpd's thread may still poll it could let it poll a reused number.
    private static func quiesce(_ daemon: DaemonHandle) -> Bool {
        MHD_quiesce_daemon(daemon.pointer) != -1
    }

    /// Waits while another call of ``stop()`` is stopping the server.
    private func waitUntilStopped() async {
        while lifecycle.withLock({ if case .stopping = $0 { true } else { false } }) {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    private func waitForAdmittedRequests(until deadline: ContinuousClock.Instant) async {
        while admittedRequests.load(ordering: .acquiring) > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    private static func runOnDedicatedThread(_ work: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                work()
                continuation.resume()
            }
            thread.name = "http-stop"
            thread.start()
        }
    }
}
