internal import JSON
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// The security log: one JSON object per line for each ``SecurityEvent``.
///
/// Each line has `time` (UTC, milliseconds), `event` and the event's fields, with keys sorted. The
/// log goes to its own file, created with mode 0600 and opened for appending, or to the main log
/// under the label `security`. A file that is moved away, as log rotation does, is noticed within
/// a second and the log opens a new file at the path. Writes are serialized and never call fsync,
/// so a line costs one `write(2)` to the page cache.
public final class AuditLog: Sendable {
    public enum Destination: Sendable {
        case disabled
        /// Append to this file.
        case file(path: String)
        /// Write to the main log at info level.
        case log(Logger)
    }

    private struct FileState {
        var descriptor: Int32
        var device: UInt64
        var inode: UInt64
        var checkedAt: Int64
        var failedWrites = 0
    }

    public let destination: Destination
    /// The open file, nil unless the destination is a file.
    private let file: Mutex<FileState?>
    /// Receives write failures; never the events themselves.
    private let errorLogger: Logger

    public static let disabled = AuditLog(disabledWith: Logger(label: "security"))

    private init(disabledWith logger: Logger) {
        destination = .disabled
        file = Mutex(nil)
        errorLogger = logger
    }

    /// Opens the destination; a file that cannot be opened is an error, so the server does not
    /// start without the security log it was configured to keep.
    public init(destination: Destination, errorLogger: Logger) throws(AuditLogError) {
        self.destination = destination
        self.errorLogger = errorLogger
        if case .file(let path) = destination {
            file = Mutex(try Self.open(path, checkedAt: UnixTime.monotonicNanoseconds()))
        } else {
            file = Mutex(nil)
        }
    }

    public var isEnabled: Bool {
        if case .disabled = destination { return false }
        return true
    }

    /// Writes one event; a write failure is reported on the main log and the event is lost.
    public func record(_ event: SecurityEvent) {
        switch destination {
        case .disabled:
            return
        case .log(let logger):
            logger.info(Self.line(for: event, at: UnixTime.nowNanoseconds()))
        case .file(let path):
            var bytes = Array(Self.line(for: event, at: UnixTime.nowNanoseconds()).utf8)
            bytes.append(UInt8(ascii: "\n"))
            write(bytes, path: path)
        }
    }

    /// Closes the file, if any.
    public func close() {
        file.withLock { state in
            if let descriptor = state?.descriptor, descriptor >= 0 { Glibc.close(descriptor) }
            state = nil
        }
    }

    /// Returns the JSON text of an event, without the newline.
    static func line(for event: SecurityEvent, at nanoseconds: Int64) -> String {
        var members: [String: JSONValue] = [:]
        for (name, field) in event.fields {
            switch field {
            case .string(let text): members[name] = .string(text)
            case .integer(let value): members[name] = .integer(value)
            case .boolean(let flag): members[name] = .bool(flag)
            case .strings(let names): members[name] = .array(names.map(JSONValue.string))
            }
        }
        members["time"] = .string(LogRecord.timestamp(nanoseconds))
        members["event"] = .string(event.kind.rawValue)
        return JSONValue.object(members).text
    }

    private func write(_ bytes: [UInt8], path: String) {
        let failure: (count: Int, error: Int32)? = file.withLock { open in
            guard var state = open else { return nil }
            defer { open = state }
            reopenIfRotated(&state, path: path)
            guard state.descriptor >= 0 else { return nil }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes {
                    Glibc.write(state.descriptor, $0.baseAddress! + offset, $0.count - offset)
                }
                if written < 0, errno == EINTR { continue }
                if written <= 0 {
                    state.failedWrites += 1
                    return (state.failedWrites, errno)
                }
                offset += written
            }
            return nil
        }
        // The first failure and every thousandth after it reach the main log.
        if let failure, failure.count % 1000 == 1 {
            errorLogger.error(
                "security log: writing to \(path) failed (\(String(cString: strerror(failure.error)))); "
                    + "\(failure.count) events lost so far"
            )
        }
    }

    /// Opens a new file when the path no longer names the open one, checking at most once a second.
    private func reopenIfRotated(_ state: inout FileState, path: String) {
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
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AuditLogError("cannot open the security log \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        fstat(descriptor, &info)
        return FileState(
            descriptor: descriptor,
            device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            checkedAt: checkedAt
        )
    }
}

/// The security log file could not be opened.
public struct AuditLogError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
