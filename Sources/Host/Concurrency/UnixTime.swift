#if canImport(Glibc)
    internal import Glibc
#endif

/// Wall-clock time in whole seconds and in nanoseconds since the Unix epoch, and monotonic time
/// for measuring intervals.
public enum UnixTime {
    public static func now() -> Int64 { Int64(time(nil)) }

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
