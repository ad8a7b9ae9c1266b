internal import CPAM

/// One blocking PAM login: `pam_start`, `pam_authenticate`, `pam_acct_mgmt`, then `pam_end`,
/// which runs on every path once `pam_start` has returned a handle.
///
/// Each login has its own handle, so logins on several threads share no Linux-PAM state.
/// NOTE: a module may keep global state of its own, and whether it may run on several
/// threads at once is up to the module. For a module that is not thread-safe, set
/// `NORNICDB_PAM_MAX_CONCURRENT` to 1.
enum PAMTransaction {
    /// The maximum size in bytes of the user name read back from PAM; a longer or empty one
    /// rejects the login.
    private static let maximumUserBytes = 1024

    /// Runs the login for `user` with `password`, which must not contain a NUL byte.
    ///
    /// Blocks for as long as the stack takes; modules such as pam_unix and pam_faildelay
    /// sleep on purpose after a failure.
    static func login(service: String, user: String, password: String) -> PAMLoginOutcome {
        // Passed as a borrow, so the buffer is cleared only once the transaction has ended.
        let secret = PasswordBuffer(password)
        return login(service: service, user: user, secret: secret)
    }

    private static func login(service: String, user: String, secret: borrowing PasswordBuffer) -> PAMLoginOutcome {
        let context = UnsafeMutablePointer<nornic_pam_context>.allocate(capacity: 1)
        context.initialize(
            to: nornic_pam_context(
                password: secret.pointer,
                answered_prompts: 0,
                echo_on_prompts: 0,
                unknown_messages: 0
            )
        )
        // The context outlives the handle: this defer runs after the one that calls pam_end.
        defer { context.deallocate() }

        var handle: OpaquePointer?
        var status = nornic_pam_start(service, user, context, &handle)
        guard status == PAM_SUCCESS, let handle else {
            let failure = PAMFailure(step: .start, status: status, message: text(of: status), unansweredPrompts: 0)
            if let handle { pam_end(handle, status) }
            return .unavailable(failure)
        }
        defer { pam_end(handle, status) }

        status = nornic_pam_authenticate(handle)
        if let outcome = stop(at: .authenticate, status: status, handle: handle, context: context) { return outcome }
        // Modules may change the user name, for example to the directory's spelling; the
        // groups and the identity belong to that name.
        guard let authenticatedUser = reportedUser(handle) else {
            // The stack vouched for a name the server cannot use: fail closed rather than fall
            // back to the name the client typed.
            let failure = PAMFailure(
                step: .authenticate,
                status: PAM_USER_UNKNOWN,
                message: "the stack left PAM_USER empty or longer than \(maximumUserBytes - 1) bytes",
                unansweredPrompts: 0
            )
            return .rejected(failure)
        }

        status = nornic_pam_acct_mgmt(handle)
        if let outcome = stop(at: .accountManagement, status: status, handle: handle, context: context) {
            return outcome
        }
        return .authenticated(user: authenticatedUser)
    }

    /// Returns the outcome that ends the login at `step`, or nil when the login goes on.
    private static func stop(
        at step: PAMStep,
        status: Int32,
        handle: OpaquePointer,
        context: UnsafeMutablePointer<nornic_pam_context>
    ) -> PAMLoginOutcome? {
        var verdict = PAMVerdict.of(status, from: step)
        guard verdict != .proceed else { return nil }
        let failure = PAMFailure(
            step: step,
            status: status,
            message: text(of: status, handle: handle),
            unansweredPrompts: Int(context.pointee.echo_on_prompts + context.pointee.unknown_messages)
        )
        // A module whose conversation failed may return any status, and pam_matrix returns
        // PAM_AUTHINFO_UNAVAIL. The login failed because of a prompt, so it is rejected.
        if failure.unansweredPrompts > 0, verdict == .unavailable { verdict = .rejected }
        switch verdict {
        case .proceed: return nil
        case .unknownUser: return .unknownUser(failure)
        case .rejected: return .rejected(failure)
        case .unavailable: return .unavailable(failure)
        }
    }

    private static func reportedUser(_ handle: OpaquePointer) -> String? {
        var buffer = [CChar](repeating: 0, count: maximumUserBytes)
        let copied = buffer.withUnsafeMutableBufferPointer { bytes in
            nornic_pam_user(handle, bytes.baseAddress, bytes.count) == 0
        }
        guard copied else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `pam_strerror`'s text; Linux-PAM's does not read the handle, so nil is allowed.
    private static func text(of status: Int32, handle: OpaquePointer? = nil) -> String {
        guard let message = pam_strerror(handle, status) else { return "unknown PAM status" }
        return String(cString: message)
    }
}
