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
}
