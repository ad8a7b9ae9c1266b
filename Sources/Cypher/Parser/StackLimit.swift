#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The stack of the thread that parses, so that deep nesting fails before the stack runs out.
///
/// The nesting cap alone is not enough. A debug build spends about 7 KiB of stack per nesting
/// level of parenthesized expressions (measured with Swift 6.3 on x86-64 Linux). So 200 levels
/// need about 1.4 MiB, more than a 512 KiB or 1 MiB thread stack contains.
struct StackLimit {
    /// The stack kept free for the work after the check: building an error and unwinding.
    static let reserve: UInt = 96 * 1024

    /// The lowest address the parser may use, or nil when the platform does not report it.
    let floor: UInt?

    init() {
        floor = Self.lowestStackAddress().map { $0 + Self.reserve }
    }

    /// True when the current stack position is below the floor.
    var isExhausted: Bool {
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
