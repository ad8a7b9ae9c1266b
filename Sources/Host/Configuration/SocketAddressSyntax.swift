#if canImport(Glibc)
    internal import Glibc
#endif

/// Checks of address syntax, so a bad `NORNICDB_ADDRESS` fails at start-up, not at bind time.
public enum SocketAddressSyntax {
    /// True for a numeric IPv4 or IPv6 address; host names are not accepted.
    public static func isNumericAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// True for an address in 127.0.0.0/8 or for ::1.
    public static func isLoopback(_ text: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return bytes == [UInt8](repeating: 0, count: 15) + [1]
        }
        return false
    }
}
