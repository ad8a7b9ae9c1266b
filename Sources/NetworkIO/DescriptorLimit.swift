#if canImport(Glibc)
    internal import Glibc
#endif

/// The process's limit on open file descriptors (`RLIMIT_NOFILE`).
///
/// Every connection, listener and database file takes a descriptor, and Linux starts processes
/// with a soft limit of 1,024 unless configured otherwise. Raising the soft limit up to the hard
/// limit needs no privilege.
public enum DescriptorLimit {
    /// Raises the soft limit to the hard limit and returns the soft limit then in force: the
    /// raised one, or the old one when raising fails. Returns nil when the limit cannot be read.
    @discardableResult
    public static func raiseToHardLimit() -> UInt64? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        guard limit.rlim_cur < limit.rlim_max else { return UInt64(limit.rlim_cur) }
        var raised = limit
        raised.rlim_cur = limit.rlim_max
        return setrlimit(resource, &raised) == 0 ? UInt64(raised.rlim_cur) : UInt64(limit.rlim_cur)
    }

    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
}
