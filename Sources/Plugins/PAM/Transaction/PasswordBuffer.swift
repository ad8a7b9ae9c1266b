internal import CPAM

/// A NUL-terminated C copy of a password, cleared with `explicit_bzero` before it is freed.
///
/// NOTE: the Swift `String` the copy is made from cannot be cleared; it lives in the
/// ``Host/Secret`` until the login's last reference goes.
struct PasswordBuffer: ~Copyable {
    let pointer: UnsafeMutablePointer<CChar>
    /// The size of the allocation, terminator included.
    private let size: Int

    /// Copies `password`, which must not contain a NUL byte.
    init(_ password: String) {
        let utf8 = password.utf8
        size = utf8.count + 1
        pointer = .allocate(capacity: size)
        var index = 0
        for byte in utf8 {
            pointer[index] = CChar(bitPattern: byte)
            index += 1
        }
        pointer[index] = 0
    }

    deinit {
        nornic_pam_clear(pointer, size)
        pointer.deallocate()
    }
}
