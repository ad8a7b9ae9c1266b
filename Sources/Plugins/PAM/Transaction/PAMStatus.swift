internal import CPAM

/// The PAM call that returned a status.
enum PAMStep: String, Sendable {
    case start = "pam_start"
    case authenticate = "pam_authenticate"
    case accountManagement = "pam_acct_mgmt"
}

/// The effect of a PAM status on a login.
enum PAMVerdict: Sendable, Equatable {
    /// The call succeeded; go on to the next step.
    case proceed
    /// The stack does not know the user, so the next provider may try.
    case unknownUser
    /// The stack checked the login and rejected it: wrong password, account expired, locked
    /// or refused, or a conversation the server cannot complete.
    case rejected
    /// The stack could not check the login: a missing module, a broken service file, an
    /// unreachable back end such as SSSD, or no read access to the shadow database.
    case unavailable

    /// Returns the verdict on `status` from `step`.
    ///
    /// Only `PAM_USER_UNKNOWN` from `pam_authenticate` means an unknown user. From
    /// `pam_acct_mgmt` it means that the authentication modules accepted a user the account
    /// modules have no entry for, such as pam_pwdfile beside pam_unix. That login is
    /// rejected, because the password was checked here and must not be tried elsewhere. Any
    /// other failure is a rejection, except the statuses in `stackFailures`, which report a
    /// broken stack.
    static func of(_ status: Int32, from step: PAMStep) -> PAMVerdict {
        if status == PAM_SUCCESS { return .proceed }
        if status == PAM_USER_UNKNOWN, step == .authenticate { return .unknownUser }
        let stackFailures = [
            PAM_OPEN_ERR, PAM_SYMBOL_ERR, PAM_SERVICE_ERR, PAM_SYSTEM_ERR, PAM_BUF_ERR, PAM_AUTHINFO_UNAVAIL,
            PAM_ABORT, PAM_MODULE_UNKNOWN, PAM_BAD_ITEM,
        ]
        if step == .start || stackFailures.contains(status) { return .unavailable }
        return .rejected
    }
}

/// A failed PAM step, for the log: never shown to the client.
struct PAMFailure: Sendable, CustomStringConvertible {
    var step: PAMStep
    var status: Int32
    /// `pam_strerror`'s text for the status.
    var message: String
    /// The prompts the conversation could not answer: echo-on prompts and unknown message styles.
    var unansweredPrompts: Int

    var description: String {
        var text = "\(step.rawValue) returned \(status) (\(message))"
        if unansweredPrompts > 0 {
            text +=
                "; the stack sent \(unansweredPrompts) prompt(s) other than a password prompt, which the server "
                + "cannot answer"
        }
        return text
    }
}

/// The outcome of one PAM transaction.
enum PAMLoginOutcome: Sendable {
    /// Both steps succeeded; `user` is the `PAM_USER` item after authentication.
    case authenticated(user: String)
    case unknownUser(PAMFailure)
    case rejected(PAMFailure)
    case unavailable(PAMFailure)
}
