#if canImport(Glibc)
    internal import Glibc
#endif

/// Wall-clock time in whole seconds and in nanoseconds since the Unix epoch.
public enum UnixTime {
    public static func now() -> Int64 { Int64(time(nil)) }

    public static func nowNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
