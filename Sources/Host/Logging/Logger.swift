internal import Foundation
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// A leveled logger carrying metadata such as a connection id; cheap to copy.
///
/// Make one per connection or request with ``with(_:)``. Messages are built only when their
/// level is enabled. Never pass a secret as a message or metadata value; ``Secret`` prints as
/// `********` if one slips through.
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case trace, debug, info, warning, error

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var name: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }

        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
            self = level
        }
    }

    public let label: String
    public let level: Level
    public private(set) var metadata: [String: String]
    private let sink: LogSink

    public init(label: String, level: Level = .info, sink: LogSink = .standardError, metadata: [String: String] = [:]) {
        self.label = label
        self.level = level
        self.sink = sink
        self.metadata = metadata
    }

    /// Returns a copy with extra metadata, for example `["bolt.connection.id": "bolt-7"]`.
    public func with(_ extra: [String: String]) -> Logger {
        var copy = self
        copy.metadata.merge(extra) { _, new in new }
        return copy
    }

    /// Returns a copy that logs from `level` up, for example to show authentication decisions.
    public func with(level: Level) -> Logger {
        Logger(label: label, level: level, sink: sink, metadata: metadata)
    }

    public func with(label: String) -> Logger {
        Logger(label: label, level: level, sink: sink, metadata: metadata)
    }

    public func isEnabled(_ level: Level) -> Bool { level >= self.level }

    public func log(_ level: Level, _ message: @autoclosure () -> String, metadata extra: [String: String] = [:]) {
        guard isEnabled(level) else { return }
        var fields = metadata
        fields.merge(extra) { _, new in new }
        sink.write(LogRecord(level: level, label: label, message: message(), metadata: fields))
    }

    public func trace(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.trace, message(), metadata: metadata)
    }
    public func debug(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.debug, message(), metadata: metadata)
    }
    public func info(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.info, message(), metadata: metadata)
    }
    public func warning(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.warning, message(), metadata: metadata)
    }
    public func error(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.error, message(), metadata: metadata)
    }
}

/// One log entry.
public struct LogRecord: Sendable {
    public var level: Logger.Level
    public var label: String
    public var message: String
    public var metadata: [String: String]

    /// Formats the line written to the log: time, level, label, message, then sorted `key=value` pairs.
    ///
    /// Control characters are escaped, so client-supplied text such as a user name cannot start
    /// a forged line or send terminal escape sequences.
    public func formatted(timestampNanoseconds: Int64) -> String {
        var line = "\(Self.timestamp(timestampNanoseconds)) \(level.name.uppercased()) [\(label)] "
        line += Self.escaped(message)
        for key in metadata.keys.sorted() {
            line += " \(Self.escaped(key))=\(Self.quoted(metadata[key]!))"
        }
        return line
    }

    /// Escapes a metadata value and puts it in double quotes when it contains a space, `=` or
    /// `"`, so a value such as a user name cannot pose as further `key=value` fields.
    static func quoted(_ value: String) -> String {
        let text = escaped(value)
        guard text.isEmpty || text.contains(where: { $0 == " " || $0 == "=" || $0 == "\"" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar):
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    static func timestamp(_ nanoseconds: Int64) -> String {
        var seconds = time_t(nanoseconds / 1_000_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = (nanoseconds / 1_000_000) % 1000
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}

/// The destination of log records: standard error, or memory for tests. Writes are serialized.
public final class LogSink: Sendable {
    private enum Target {
        case standardError
        case memory
    }

    private let target: Target
    private let records = Mutex<[LogRecord]>([])

    private init(target: Target) { self.target = target }

    public static let standardError = LogSink(target: .standardError)

    /// Returns a sink that keeps every record, for tests that inspect what was logged.
    public static func memory() -> LogSink { LogSink(target: .memory) }

    public var recorded: [LogRecord] { records.withLock { $0 } }

    func write(_ record: LogRecord) {
        switch target {
        case .memory:
            records.withLock { $0.append(record) }
        case .standardError:
            let line = record.formatted(timestampNanoseconds: UnixTime.nowNanoseconds()) + "\n"
            records.withLock { _ in
                var bytes = Array(line.utf8)
                var offset = 0
                while offset < bytes.count {
                    let written = bytes.withUnsafeMutableBytes {
                        Glibc.write(2, $0.baseAddress! + offset, $0.count - offset)
                    }
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }
}
