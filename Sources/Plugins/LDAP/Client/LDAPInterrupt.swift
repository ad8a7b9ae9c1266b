internal import COpenLDAP
internal import Synchronization

/// The socket of one connection, which another thread may shut down to end a blocked call.
final class SocketWatch: @unchecked Sendable {
    // The C struct guards its own fields with a mutex; this class only owns its memory.
    let pointer: UnsafeMutablePointer<nornic_ldap_watch>

    init?() {
        guard let pointer = nornic_ldap_watch_new() else { return nil }
        self.pointer = pointer
    }

    deinit { nornic_ldap_watch_free(pointer) }

    func interrupt() { nornic_ldap_watch_interrupt(pointer) }

    func forget() { nornic_ldap_watch_forget(pointer) }
}

/// Lets a login that has given up at its deadline stop the directory call still running for
/// it, so the thread returns to the pool instead of waiting on a silent server.
final class LDAPInterrupt: Sendable {
    private struct State {
        var interrupted = false
        var watch: SocketWatch?
    }

    private let state = Mutex(State())

    var isInterrupted: Bool { state.withLock { $0.interrupted } }

    /// Follows the connection the login uses now; interrupts it at once if the login has
    /// already given up.
    func attach(_ watch: SocketWatch) {
        let interruptNow = state.withLock { state -> Bool in
            state.watch = watch
            return state.interrupted
        }
        if interruptNow { watch.interrupt() }
    }

    func detach() {
        state.withLock { $0.watch = nil }
    }

    /// Shuts the current connection's socket down; later connections are shut down on attach.
    func interrupt() {
        let watch = state.withLock { state -> SocketWatch? in
            state.interrupted = true
            return state.watch
        }
        watch?.interrupt()
    }
}
