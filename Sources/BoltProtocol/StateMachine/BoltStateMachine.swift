public import Host

/// The per-connection Bolt server state machine, as a value without I/O.
///
/// For each decoded request the connection calls ``admit(_:)`` and acts on the returned
/// ``Admission``. After carrying out a request admitted with `.process`, it calls
/// ``finish(_:_:)`` with the outcome, which moves the machine to its next state. When the
/// connection finds a RESET queued behind other requests, it calls ``interrupt()`` so that the
/// requests before the RESET are IGNORED.
///
/// Authentication: up to Bolt 5.0, HELLO carries the credentials and its success leads to
/// READY. From 5.1 on, HELLO leads to AUTHENTICATION, LOGON to READY, and LOGOFF back to
/// AUTHENTICATION; auth keys in a 5.1+ HELLO are ignored. RESET never moves an
/// unauthenticated connection to READY: before authentication it fails and closes.
public struct BoltStateMachine: Sendable {
    /// The action the connection must take for a request.
    public enum Admission: Sendable, Equatable {
        /// Carry out the request, reply, and call ``BoltStateMachine/finish(_:_:)``.
        case process
        /// Reply IGNORED.
        case ignore
        /// Reply FAILURE with the error, then close when `close` is true. Every rejection the
        /// machine makes closes, because unexpected messages are protocol violations.
        case fail(ServerError, close: Bool)
        /// Close without a reply (GOODBYE, or a request after the connection became defunct).
        case close
    }

    /// The result of a processed request.
    public enum Outcome: Sendable, Equatable {
        /// SUCCESS. For PULL and DISCARD, `streamOpen` is the `has_more` flag. A successful RUN
        /// always opens a result, so the flag is ignored for RUN and for other requests.
        case success(streamOpen: Bool)
        /// FAILURE: HELLO, LOGON and RESET failures make the connection defunct, others FAILED.
        case failure
    }

    public let version: BoltVersion
    public private(set) var state: BoltState = .negotiation
    /// Whether authentication succeeded and no LOGOFF has followed.
    public private(set) var isAuthenticated = false
    /// Whether an explicit transaction is open: from a successful BEGIN until COMMIT or ROLLBACK
    /// finishes, RESET succeeds or LOGOFF succeeds. It stays true in FAILED and INTERRUPTED,
    /// because the RESET that follows must roll the transaction back. After a failed COMMIT
    /// it is false, and the connection must already have rolled back.
    public private(set) var inTransaction = false
    /// The number of open results inside the explicit transaction.
    public private(set) var openTransactionStreams = 0

    public init(version: BoltVersion) {
        self.version = version
    }

    /// Decides what to do with a request in the current state.
    ///
    /// A request that the state does not allow is a protocol violation: the machine becomes
    /// DEFUNCT and returns `.fail(Neo.ClientError.Request.Invalid, close: true)`.
    public mutating func admit(_ request: BoltRequest) -> Admission {
        let kind = request.kind
        if state == .defunct { return .close }
        if kind == .goodbye {
            state = .defunct
            return .close
        }
        switch (state, kind) {
        case (.interrupted, .reset):
            return isAuthenticated ? .process : reject(kind)
        case (.interrupted, _):
            return .ignore
        case (.negotiation, .hello), (.authentication, .logon):
            return .process
        case (.ready, .run), (.ready, .begin), (.ready, .route), (.ready, .telemetry), (.ready, .logoff):
            return .process
        case (.streaming, .pull), (.streaming, .discard):
            return .process
        case (.txReady, .run), (.txReady, .commit), (.txReady, .rollback):
            return .process
        case (.txStreaming, .run), (.txStreaming, .pull), (.txStreaming, .discard),
            (.txStreaming, .commit), (.txStreaming, .rollback):
            return .process
        case (.failed, .run), (.failed, .pull), (.failed, .discard), (.failed, .begin), (.failed, .commit),
            (.failed, .rollback), (.failed, .route), (.failed, .telemetry):
            return .ignore
        case (.failed, .logoff):
            // TODO: The Bolt state table lists IGNORED here, but the LOGOFF section requires FAILURE
            // and close. The Python driver sends RESET before LOGOFF, so it never hits this case.
            return .ignore
        case (_, .reset):
            return isAuthenticated ? .process : reject(kind)
        default:
            return reject(kind)
        }
    }

    /// Records the outcome of a request admitted with `.process` and moves to the next state.
    ///
    /// While INTERRUPTED, the machine stays INTERRUPTED until RESET finishes, but still tracks
    /// authentication and the transaction, so RESET rolls back a transaction begun meanwhile.
    public mutating func finish(_ request: BoltRequest, _ outcome: Outcome) {
        guard state != .defunct else { return }
        let wasInterrupted = state == .interrupted
        let kind = request.kind
        switch outcome {
        case .failure:
            state = [.hello, .logon, .reset].contains(kind) ? .defunct : .failed
            if kind == .commit || kind == .rollback { endTransaction() }
        case .success(let streamOpen):
            succeed(kind, streamOpen: streamOpen)
        }
        if wasInterrupted && kind != .reset && state != .defunct {
            state = .interrupted
        }
    }

    /// Marks that a RESET is queued: until it is processed, every other request is IGNORED.
    ///
    /// Has no effect before authentication, so that the queued RESET still fails and closes
    /// instead of reaching READY, and none after the connection became defunct.
    public mutating func interrupt() {
        if isAuthenticated && state != .defunct {
            state = .interrupted
        }
    }

    private mutating func succeed(_ kind: BoltRequest.Kind, streamOpen: Bool) {
        switch kind {
        case .hello:
            if version.helloCarriesAuth {
                isAuthenticated = true
                state = .ready
            } else {
                state = .authentication
            }
        case .logon:
            isAuthenticated = true
            state = .ready
        case .logoff:
            isAuthenticated = false
            endTransaction()
            state = .authentication
        case .reset:
            endTransaction()
            state = .ready
        case .begin:
            inTransaction = true
            openTransactionStreams = 0
            state = .txReady
        case .commit, .rollback:
            endTransaction()
            state = .ready
        case .run:
            if inTransaction {
                openTransactionStreams += 1
                state = .txStreaming
            } else {
                state = .streaming
            }
        case .pull, .discard:
            guard !streamOpen else { return }
            if inTransaction {
                openTransactionStreams = max(0, openTransactionStreams - 1)
                state = openTransactionStreams == 0 ? .txReady : .txStreaming
            } else {
                state = .ready
            }
        case .route, .telemetry, .goodbye:
            break
        }
    }

    private mutating func endTransaction() {
        inTransaction = false
        openTransactionStreams = 0
    }

    private mutating func reject(_ kind: BoltRequest.Kind) -> Admission {
        let error = ServerError(
            .requestInvalid,
            "Message of type \(kind.messageTypeName) cannot be handled by a session in the \(state) state."
        )
        state = .defunct
        return .fail(error, close: true)
    }
}
