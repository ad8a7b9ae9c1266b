import HTTPServer
import Host
import Synchronization

/// Keeps every request a handler saw, for checks after the response arrived.
final class RequestRecorder: Sendable {
    private let requests = Mutex<[HTTPRequest]>([])

    func record(_ request: HTTPRequest) { requests.withLock { $0.append(request) } }

    var all: [HTTPRequest] { requests.withLock { $0 } }
}

/// A barrier that handlers wait on until the test opens it.
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var arrivals = 0
    }

    private let state = Mutex(State())

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                state.arrivals += 1
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// How many handlers have reached ``wait()``.
    var arrivals: Int { state.withLock { $0.arrivals } }

    /// Waits until `count` handlers have reached ``wait()``, for at most `timeout`.
    func waitForArrivals(_ count: Int, timeout: Duration = .seconds(5)) async {
        let deadline = ContinuousClock.now + timeout
        while arrivals < count && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// Replies 200 with the request body, and the method, path, query and remote address in headers.
func echoResponse(_ request: HTTPRequest) -> HTTPResponse {
    HTTPResponse(
        status: 200,
        headers: [
            (name: "Content-Type", value: "application/octet-stream"),
            (name: "X-Method", value: request.method),
            (name: "X-Path", value: request.path),
            (name: "X-Query", value: request.query),
            (name: "X-Remote", value: request.remoteAddress),
        ],
        body: request.body
    )
}

let quietLogger = Logger(label: "http-test", level: .error, sink: .memory())

/// Starts a server on an ephemeral loopback port, runs `body`, then stops the server.
func withServer(
    configure: (inout HTTPServer.Configuration) -> Void = { _ in },
    logger: Logger = quietLogger,
    handler: @escaping HTTPServer.Handler = { echoResponse($0) },
    _ body: (HTTPServer) async throws -> Void
) async throws {
    var configuration = HTTPServer.Configuration(address: "127.0.0.1", port: 0)
    configure(&configuration)
    let server = try HTTPServer(configuration: configuration, logger: logger, handler: handler)
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}
