internal import Glibc

/// The Unix groups of a user, read through the name service switch (files, SSSD, LDAP, ...).
///
/// Every call is reentrant (`getpwnam_r`, `getgrouplist`, `getgrgid_r`), so logins on
/// several pool threads may look groups up at once. The calls block until the name service
/// replies, so they run on the PAM provider's pool.
enum UnixGroups {
    /// The result of one lookup.
    struct Membership: Sendable, Equatable {
        /// The names of the user's primary group and supplementary groups.
        var names: Set<String>
        /// Group ids the group database has no entry for; they match no mapping entry.
        var unresolved: [gid_t]
        /// False when the passwd database has no entry for the user, so it has no groups.
        var userFound: Bool
    }

    /// The largest buffer tried for one passwd or group entry; a group with many members
    /// needs a large one.
    private static let maximumBufferBytes = 1 << 22

    /// Looks up the groups of `user`, whose primary group comes from its passwd entry.
    static func membership(of user: String) -> Membership {
        guard let primary = primaryGroup(of: user) else {
            return Membership(names: [], unresolved: [], userFound: false)
        }
        var names = Set<String>()
        var unresolved: [gid_t] = []
        for gid in groupIDs(of: user, primary: primary) {
            if let name = groupName(of: gid) {
                names.insert(name)
            } else {
                unresolved.append(gid)
            }
        }
        return Membership(names: names, unresolved: unresolved, userFound: true)
    }

    /// Reads the primary group id from the user's passwd entry; nil when there is no entry.
    private static func primaryGroup(of user: String) -> gid_t? {
        let lookup: (UnsafeMutableBufferPointer<CChar>) -> Lookup<gid_t> = { buffer in
            var entry = passwd()
            var found: UnsafeMutablePointer<passwd>?
            let status = getpwnam_r(user, &entry, buffer.baseAddress!, buffer.count, &found)
            if status == ERANGE { return .bufferTooSmall }
            guard status == 0, found != nil else { return .done(nil) }
            return .done(entry.pw_gid)
        }
        return withGrowingBuffer(initial: _SC_GETPW_R_SIZE_MAX, lookup)
    }

    /// Lists the ids of every group `user` is in, `primary` included.
    private static func groupIDs(of user: String, primary: gid_t) -> [gid_t] {
        var count: Int32 = 32
        while true {
            var ids = [gid_t](repeating: 0, count: Int(count))
            let previous = count
            // glibc returns -1 when the array is too small and sets `count` to the size needed;
            // doubling covers implementations that do not.
            if getgrouplist(user, primary, &ids, &count) >= 0 {
                return Array(ids.prefix(Int(count)))
            }
            count = max(count, previous * 2)
            guard count <= 65_536 else { return [primary] }
        }
    }

    /// Looks up the name of group `gid`; nil when the group database has no entry for it.
    private static func groupName(of gid: gid_t) -> String? {
        let lookup: (UnsafeMutableBufferPointer<CChar>) -> Lookup<String> = { buffer in
            var entry = group()
            var found: UnsafeMutablePointer<group>?
            let status = getgrgid_r(gid, &entry, buffer.baseAddress!, buffer.count, &found)
            if status == ERANGE { return .bufferTooSmall }
            // The name points into `buffer`, so it is copied before the buffer goes.
            guard status == 0, found != nil, let name = entry.gr_name else { return .done(nil) }
            return .done(String(cString: name))
        }
        return withGrowingBuffer(initial: _SC_GETGR_R_SIZE_MAX, lookup)
    }

    private enum Lookup<Value> {
        case done(Value?)
        case bufferTooSmall
    }

    /// Runs a `_r` lookup with a buffer that doubles on `ERANGE`, up to ``maximumBufferBytes``.
    private static func withGrowingBuffer<Value>(
        initial sizeName: Int,
        _ lookup: (UnsafeMutableBufferPointer<CChar>) -> Lookup<Value>
    ) -> Value? {
        var size = initialBufferBytes(sizeName)
        while size <= maximumBufferBytes {
            var buffer = [CChar](repeating: 0, count: size)
            switch buffer.withUnsafeMutableBufferPointer({ lookup($0) }) {
            case .done(let value):
                return value
            case .bufferTooSmall:
                size *= 2
            }
        }
        return nil
    }

    private static func initialBufferBytes(_ name: Int) -> Int {
        let suggested = sysconf(Int32(name))
        return suggested > 0 ? min(suggested, maximumBufferBytes) : 16_384
    }
}
