internal import CLinux

#if canImport(Glibc)
    internal import Glibc
#endif

/// A failed system call, with the call's name and errno.
public struct SystemCallError: Error, Sendable, CustomStringConvertible {
    public let function: String
    public let errno: Int32

    public var description: String { "\(function) failed: \(String(cString: strerror(errno)!)) (errno \(errno))" }
}

/// Thin wrappers that retry on `EINTR` and turn `-1` into a ``SystemCallError``.
enum Syscall {
    @discardableResult
    static func call(_ function: String, _ body: () -> Int32) throws(SystemCallError) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            if errno == EINTR { continue }
            throw SystemCallError(function: function, errno: errno)
        }
    }

    /// Like ``call(_:_:)`` for calls returning `ssize_t`; `EAGAIN` returns nil.
    static func transfer(_ function: String, _ body: () -> Int) throws(SystemCallError) -> Int? {
        while true {
            let result = body()
            if result >= 0 { return result }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SystemCallError(function: function, errno: errno)
            }
        }
    }

    static func close(_ descriptor: Int32) {
        // EINTR from close still releases the descriptor on Linux, so it is never retried.
        _ = Glibc.close(descriptor)
    }
}
