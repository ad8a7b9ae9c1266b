internal import Foundation
internal import JSON
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// The security log: one JSON object per line for each ``SecurityEvent``.
///
/// Each line has `time` (UTC, milliseconds), `event` and the event's fields, with keys sorted and
/// text fields cut to ``maximumFieldCharacters``. The log goes to its own file or to the main log
/// under the label `security`.
///
/// A file is created with mode 0600 (an existing one is narrowed to it), opened for appending and
/// never through a symbolic link. One thread of its own writes it, so a slow or stalled file never
/// delays a login. Entries wait in a queue of at most ``maximumQueuedBytes``. Entries that do not
/// fit are dropped and counted, and an `entries_dropped` entry reports them once the file accepts
/// writes again. A file moved away, as log rotation does, is noticed within a second and
/// a new one opened at the path. Lines are not synced to disk one by one.
public final class AuditLog: Sendable {
    public enum Destination: Sendable {
        case disabled
        /// Append to this file.
        case file(path: String)
        /// Write to the main log at info level.
        case log(Logger)
    }

    public let destination: Destination
    private let writer: FileWriter?

    /// The maximum number of characters a text field keeps. Longer values are cut and marked.
    static let maximumFieldCharacters = 512
    /// The maximum number of bytes of entries waiting for the file before new ones are dropped.
    static let maximumQueuedBytes = 4 << 20

    public static let disabled = AuditLog()

    private init() {
        destination = .disabled
        writer = nil
    }

    /// Opens the destination. A file that cannot be opened is an error, so the server does not
    /// start without the security log it was configured to keep.
    public init(destination: Destination, errorLogger: Logger) throws(AuditLogError) {
        self.destination = destination
        if case .file(let path) = destination {
            writer = try FileWriter(path: path, errorLogger: errorLogger)
        } else {
            writer = nil
        }
    }

    public var isEnabled: Bool {
        if case .disabled = destination { return false }
        return true
    }

    /// Queues one event for the file, or writes it to the main log.
    public func record(_ event: SecurityEvent) {
        switch destination {
        case .disabled:
            return
        case .log(let logger):
            logger.info(Self.line(for: event, at: UnixTime.nowNanoseconds()))
        case .file:
            writer?.enqueue(Self.line(for: event, at: UnixTime.nowNanoseconds()))
        }
    }

    /// Writes what is queued, waiting at most two seconds for a stalled file, and closes it.
    public func close() {
        writer?.close(waitingAtMost: .seconds(2))
    }

    /// Returns the JSON text of an event, without the newline.
    static func line(for event: SecurityEvent, at nanoseconds: Int64) -> String {
        var members: [String: JSONValue] = [:]
        for (name, field) in event.fields {
            switch field {
            case .string(let text): members[name] = .string(bounded(text))
            case .integer(let value): members[name] = .integer(value)
            case .boolean(let flag): members[name] = .bool(flag)
            case .strings(let names): members[name] = .array(names.prefix(64).map { .string(bounded($0)) })
            }
        }
        members["time"] = .string(LogRecord.timestamp(nanoseconds))
        members["event"] = .string(event.kind.rawValue)
        return JSONValue.object(members).text
    }

    /// Cuts client-supplied text, such as a user name, so one entry cannot fill the log.
    static func bounded(_ text: String) -> String {
        guard text.count > maximumFieldCharacters else { return text }
        return String(text.prefix(maximumFieldCharacters)) + "…(\(text.utf8.count) bytes)"
    }
}

/// The security log file could not be opened.
public struct AuditLogError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Appends lines to the security log file on a thread of its own.
private final class FileWriter: Sendable {
    private struct Queue {
        var lines: [String] = []
        var bytes = 0
        var dropped = 0
        var closing = false
    }

    private struct FileState {
        var descriptor: Int32
        var device: UInt64
        var inode: UInt64
        var checkedAt: Int64
        /// True after a write stopped inside a line that could not be cut off again; the next
        /// write starts a new line first.
        var endsInsideLine = false
        var failedWrites = 0
    }

    private let path: String
    private let errorLogger: Logger
    private let queue = Mutex(Queue())
    private let file: Mutex<FileState>
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(path: String, errorLogger: Logger) throws(AuditLogError) {
        self.path = path
        self.errorLogger = errorLogger
        file = Mutex(try Self.open(path, checkedAt: UnixTime.monotonicNanoseconds()))
        let thread = Thread { [self] in run() }
        thread.name = "security-log"
        thread.start()
    }

    func enqueue(_ line: String) {
        let accepted = queue.withLock { queue -> Bool in
            guard !queue.closing, queue.bytes + line.utf8.count < AuditLog.maximumQueuedBytes else {
                queue.dropped += 1
                return false
            }
            queue.lines.append(line)
            queue.bytes += line.utf8.count
            return true
        }
        if accepted { wake.signal() }
    }

    func close(waitingAtMost timeout: DispatchTimeInterval) {
        let first = queue.withLock { queue -> Bool in
            defer { queue.closing = true }
            return !queue.closing
        }
        guard first else { return }
        wake.signal()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            errorLogger.error("security log: \(path) did not accept the last entries within the time allowed at stop")
        }
    }

    private func run() {
        while true {
            wake.wait()
            let (lines, dropped, closing) = queue.withLock { queue in
                defer {
                    queue.lines = []
                    queue.bytes = 0
                    queue.dropped = 0
                }
                return (queue.lines, queue.dropped, queue.closing)
            }
            if dropped > 0 {
                errorLogger.error("security log: \(dropped) entries dropped because \(path) did not keep up")
                let event = SecurityEvent(.entriesDropped, ["count": .integer(Int64(dropped))])
                write(AuditLog.line(for: event, at: UnixTime.nowNanoseconds()))
            }
            for line in lines { write(line) }
            if closing {
                file.withLock { state in
                    if state.descriptor >= 0 { Glibc.close(state.descriptor) }
                    state.descriptor = -1
                }
                finished.signal()
                return
            }
        }
    }

    private func write(_ line: String) {
        let failure: (count: Int, error: Int32)? = file.withLock { state in
            reopenIfRotated(&state)
            guard state.descriptor >= 0 else { return nil }
            if state.endsInsideLine {
                guard Self.writeAll([UInt8(ascii: "\n")], to: state.descriptor) == nil else {
                    state.failedWrites += 1
                    return (state.failedWrites, errno)
                }
                state.endsInsideLine = false
            }
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            // Only this writer appends to the file, so its end before the write is where a line
            // cut short by a full disk starts, and truncating there leaves whole lines only.
            let start = lseek(state.descriptor, 0, SEEK_END)
            guard let written = Self.writeAll(bytes, to: state.descriptor) else { return nil }
            let error = errno
            if written > 0 {
                state.endsInsideLine = start < 0 || ftruncate(state.descriptor, start) != 0
            }
            state.failedWrites += 1
            return (state.failedWrites, error)
        }
        // The first failure and every thousandth after it reach the main log.
        if let failure, failure.count % 1000 == 1 {
            errorLogger.error(
                "security log: writing to \(path) failed (\(String(cString: strerror(failure.error)))); "
                    + "\(failure.count) entries lost so far"
            )
        }
    }

    /// Writes every byte; returns nil on success, or how many bytes were written before a failure.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return offset }
            offset += written
        }
        return nil
    }

    /// Opens a new file when the path no longer names the open one, checking at most once a second.
    private func reopenIfRotated(_ state: inout FileState) {
        let now = UnixTime.monotonicNanoseconds()
        guard now - state.checkedAt >= 1_000_000_000 else { return }
        state.checkedAt = now
        var current = stat()
        if stat(path, &current) == 0, UInt64(current.st_dev) == state.device, UInt64(current.st_ino) == state.inode {
            return
        }
        do {
            let reopened = try Self.open(path, checkedAt: now)
            if state.descriptor >= 0 { Glibc.close(state.descriptor) }
            state = reopened
        } catch {
            errorLogger.error("security log: reopening \(path) failed: \(error)")
        }
    }

    private static func open(_ path: String, checkedAt: Int64) throws(AuditLogError) -> FileState {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw AuditLogError("cannot open the security log \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        fstat(descriptor, &info)
        // An existing file keeps its mode when opened; narrow it, as logrotate may create it wider.
        if info.st_mode & 0o077 != 0, fchmod(descriptor, 0o600) != 0 {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw AuditLogError("cannot restrict the security log \(path) to its owner (mode 0600): \(reason)")
        }
        return FileState(
            descriptor: descriptor,
            device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            checkedAt: checkedAt
        )
    }
}
