#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The stack of the current thread, so that deep nesting fails before the stack runs out.
///
/// The parser checks it at every nesting level, and the executor at every recursive evaluation.
/// Nesting caps alone are not enough. A debug build spends about 7 KiB of stack per nesting
/// level of parenthesized expressions in the parser (measured with Swift 6.3 on x86-64 Linux).
/// So 200 levels need about 1.4 MiB, more than a 512 KiB or 1 MiB thread stack contains.
public struct StackLimit: Sendable {
    /// The stack the parser keeps free for the work after the check: building an error and unwinding.
    public static let parserReserve: UInt = 96 * 1024

    /// The lowest address the caller may use, or nil when the platform does not report it.
    let floor: UInt?

    /// Measures the current thread's stack. Use the value only on this thread.
    ///
    /// - Parameter reserve: the bytes above the stack's end kept free for the work after a check.
    public init(reserve: UInt = StackLimit.parserReserve) {
        floor = Self.lowestStackAddress().map { $0 + reserve }
    }

    /// True when the current stack position is below the floor.
    @inline(__always)
    public var isExhausted: Bool {
        guard let floor else { return false }
        var marker: UInt8 = 0
        let position = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        return position < floor
    }

    #if canImport(Glibc)
        private typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32

        /// glibc's `pthread_getattr_np`, looked up at run time because the Glibc module hides
        /// GNU extensions.
        private static let getAttributes: GetAttributes? = {
            guard let symbol = dlsym(nil, "pthread_getattr_np") else { return nil }
            return unsafeBitCast(symbol, to: GetAttributes.self)
        }()
    #endif

    private static func lowestStackAddress() -> UInt? {
        #if canImport(Glibc)
            guard let getAttributes else { return nil }
            var attributes = pthread_attr_t()
            guard getAttributes(pthread_self(), &attributes) == 0 else { return nil }
            defer { pthread_attr_destroy(&attributes) }
            var address: UnsafeMutableRawPointer?
            var size = 0
            guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
            return UInt(bitPattern: address)
        #elseif canImport(Darwin)
            let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
            return top - UInt(pthread_get_stacksize_np(pthread_self()))
        #else
            return nil
        #endif
    }
}
