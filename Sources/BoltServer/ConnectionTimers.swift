internal import Host
internal import Synchronization

/// The login, write and idle timeouts of every Bolt connection, checked by one task for the
/// whole server.
///
/// One long-lived task sweeps the registered connections every ``sweepInterval``, so opening a
/// connection starts no timer and closing one cancels none. A timeout is therefore noticed up
/// to one interval late. The sweep reads only atomics, and `sentByteCount` of connections
/// with a reply pending, and closes or wakes sockets after it has released the registry's lock.
final class ConnectionTimers: Sendable {
    /// How often the task checks every connection, and so about how late it may notice a timeout.
    static let sweepInterval: Duration = .milliseconds(250)

    private let task: Task<Void, Never>

    init(registry: ConnectionRegistry, limits: LimitSettings) {
        let timeouts = ConnectionTimeouts(limits: limits)
        task = Task {
            var progress: [Int: WriteProgress] = [:]
            while true {
                do {
                    try await Task.sleep(for: Self.sweepInterval)
                } catch {
                    return
                }
                progress = Self.sweep(registry.connections(), timeouts: timeouts, progress: progress)
            }
        }
    }

    deinit { task.cancel() }

    /// Ends the sweeps; the connections keep running without timeouts.
    func stop() { task.cancel() }

    /// Checks each connection once and acts on the timeouts it has passed. Returns the write
    /// progress of the connections with a reply pending, for the next sweep.
    private static func sweep(
        _ connections: [(id: Int, connection: BoltConnection)],
        timeouts: ConnectionTimeouts,
        progress: [Int: WriteProgress]
    ) -> [Int: WriteProgress] {
        let now = UnixTime.monotonicNanoseconds()
        var nextProgress: [Int: WriteProgress] = [:]
        for (id, connection) in connections {
            let (action, seen) = timeouts.evaluate(connection.timerReading(), previous: progress[id], now: now)
            if let seen { nextProgress[id] = seen }
            switch action {
            case .none:
                break
            case .wakeIdleReader:
                connection.socket.wakeReader()
            case .closeWithoutLogin:
                connection.closeForTimeout("closing: no successful login within \(timeouts.login)")
            case .closeStalledWrite:
                connection.closeForTimeout("closing: the client read none of the reply within \(timeouts.write)")
            }
        }
        return nextProgress
    }
}

/// The state of one connection that a sweep reads at one moment.
struct TimerReading: Equatable {
    /// `CLOCK_MONOTONIC` nanoseconds when the connection was accepted.
    var openedNanoseconds: Int64
    var hasAuthenticated: Bool
    /// `CLOCK_MONOTONIC` nanoseconds of the last whole request or reply, or 0 before the
    /// handshake has finished, which the idle timeout does not cover.
    var lastActivityNanoseconds: Int64
    /// Odd while a reply is being written.
    var writeSequence: Int
    /// The socket's sent byte count; only read, and only compared, while `writeSequence` is odd.
    var sentByteCount: Int
}

/// A pending reply's write sequence and sent byte count, and when the sweep first saw them.
struct WriteProgress: Equatable {
    var writeSequence: Int
    var sentByteCount: Int
    var sinceNanoseconds: Int64
}

/// The action one sweep takes on one connection.
enum TimerAction: Equatable {
    case none
    /// Makes a pending read return, so that the reader checks the idle timeout itself.
    case wakeIdleReader
    case closeWithoutLogin
    case closeStalledWrite
}

/// The three timeout rules, separate from the sweep so that tests can apply them to readings.
struct ConnectionTimeouts {
    let login: Duration
    let write: Duration
    /// Zero turns the idle timeout off.
    let idleNanoseconds: Int64
    private let loginNanoseconds: Int64
    private let writeNanoseconds: Int64

    init(limits: LimitSettings) {
        self.init(
            loginSeconds: limits.loginTimeoutSeconds,
            writeSeconds: limits.writeTimeoutSeconds,
            idleSeconds: limits.idleTimeoutSeconds
        )
    }

    init(loginSeconds: Int64, writeSeconds: Int64, idleSeconds: Int64) {
        login = .seconds(loginSeconds)
        write = .seconds(writeSeconds)
        loginNanoseconds = loginSeconds * 1_000_000_000
        writeNanoseconds = writeSeconds * 1_000_000_000
        idleNanoseconds = idleSeconds * 1_000_000_000
    }

    /// Applies the rules to `reading` taken at `now`. Returns the action, and the write progress
    /// to pass as `previous` next time, which is nil while no reply is pending.
    ///
    /// A pending reply is stalled once neither its write sequence nor the sent byte count has
    /// changed since a sweep at least the write timeout ago. That sweep came at most one
    /// interval after the last change, so a stall is found between one write timeout and one
    /// timeout plus two intervals after the socket last accepted bytes.
    func evaluate(_ reading: TimerReading, previous: WriteProgress?, now: Int64) -> (TimerAction, WriteProgress?) {
        var progress: WriteProgress?
        if reading.writeSequence % 2 == 1 {
            if let previous, previous.writeSequence == reading.writeSequence,
                previous.sentByteCount == reading.sentByteCount
            {
                progress = previous
            } else {
                progress = WriteProgress(
                    writeSequence: reading.writeSequence,
                    sentByteCount: reading.sentByteCount,
                    sinceNanoseconds: now
                )
            }
        }
        if !reading.hasAuthenticated, now - reading.openedNanoseconds >= loginNanoseconds {
            return (.closeWithoutLogin, progress)
        }
        if let progress, now - progress.sinceNanoseconds >= writeNanoseconds {
            return (.closeStalledWrite, progress)
        }
        if idleNanoseconds > 0, reading.lastActivityNanoseconds > 0,
            now - reading.lastActivityNanoseconds >= idleNanoseconds
        {
            return (.wakeIdleReader, progress)
        }
        return (.none, progress)
    }
}
