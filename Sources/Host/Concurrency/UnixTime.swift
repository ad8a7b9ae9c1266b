#if canImport(Glibc)
    internal import Glibc
#endif

/// Wall-clock time in whole seconds and in nanoseconds since the Unix epoch, and monotonic time
/// for measuring intervals.
public enum UnixTime {
    /// Whole seconds of `CLOCK_REALTIME`. Not `time(NULL)`: on Linux it reads the coarse clock,
    /// which can lag by a clock tick, so a token issued elsewhere in the same instant would carry
    /// an `iat` one second in this server's future.
    public static func now() -> Int64 { nowNanoseconds() / 1_000_000_000 }

    public static func nowNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// Nanoseconds of `CLOCK_MONOTONIC`, which never jumps when the wall clock is set.
    public static func monotonicNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
