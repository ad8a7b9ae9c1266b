import BoltProtocol
import GraphValue
import Host
import Testing

/// Requests for the state-machine tests; their contents do not matter to the machine.
enum Requests {
    static let hello = BoltRequest.hello(extra: ["user_agent": "test"])
    static let helloWithAuth = BoltRequest.hello(extra: ["scheme": "basic", "principal": "neo4j", "credentials": "pw"])
    static let logon = BoltRequest.logon(auth: ["scheme": "basic", "principal": "neo4j", "credentials": "pw"])
    static let run = BoltRequest.run(query: "RETURN 1", parameters: [:], extra: TransactionExtra())
    static let begin = BoltRequest.begin(TransactionExtra())
    static let pull = BoltRequest.pull(StreamRequest(count: 1000))
    static let discard = BoltRequest.discard(StreamRequest())
    static let route = BoltRequest.route(RouteRequest(context: [:]))
    static let telemetry = BoltRequest.telemetry(api: 0)
}

/// What an admission was, ignoring the error text, for compact tables.
enum Verdict: Equatable {
    case process, ignore, failAndClose, fail, close

    init(_ admission: BoltStateMachine.Admission) {
        switch admission {
        case .process: self = .process
        case .ignore: self = .ignore
        case .fail(_, let close): self = close ? .failAndClose : .fail
        case .close: self = .close
        }
    }
}

extension BoltStateMachine {
    /// Admits a request, requires `.process`, and finishes it with the outcome.
    mutating func perform(_ request: BoltRequest, _ outcome: Outcome = .success(streamOpen: false)) {
        let admission = admit(request)
        #expect(admission == .process, "\(request) in \(state)")
        finish(request, outcome)
    }

    /// Drives a Bolt 5.4 machine into the given state.
    static func bolt54(in state: BoltState) -> BoltStateMachine {
        var machine = BoltStateMachine(version: .v5_4)
        if state == .negotiation { return machine }
        machine.perform(Requests.hello)
        if state == .authentication { return machine }
        machine.perform(Requests.logon)
        switch state {
        case .streaming:
            machine.perform(Requests.run)
        case .txReady:
            machine.perform(Requests.begin)
        case .txStreaming:
            machine.perform(Requests.begin)
            machine.perform(Requests.run)
        case .failed:
            machine.perform(Requests.run, .failure)
        case .interrupted:
            machine.interrupt()
        case .defunct:
            _ = machine.admit(.goodbye)
        default:
            break
        }
        #expect(machine.state == state)
        return machine
    }
}

@Suite struct StateMachineTests {
    @Test func bolt5HelloLogonRunPull() {
        var machine = BoltStateMachine(version: .v5_4)
        #expect(machine.state == .negotiation)
        machine.perform(Requests.hello)
        #expect(machine.state == .authentication)
        #expect(!machine.isAuthenticated)
        machine.perform(Requests.logon)
        #expect(machine.state == .ready)
        #expect(machine.isAuthenticated)
        machine.perform(Requests.run)
        #expect(machine.state == .streaming)
        machine.perform(Requests.pull, .success(streamOpen: true))
        #expect(machine.state == .streaming)
        machine.perform(Requests.pull)
        #expect(machine.state == .ready)
        #expect(machine.admit(.goodbye) == .close)
        #expect(machine.state == .defunct)
    }

    @Test(arguments: [BoltVersion.v4_4, .v5_0])
    func helloCarriesAuthUpTo50(version: BoltVersion) {
        var machine = BoltStateMachine(version: version)
        machine.perform(Requests.helloWithAuth)
        #expect(machine.state == .ready)
        #expect(machine.isAuthenticated)
        #expect(machine.version == version)
    }

    @Test func helloAuthKeysIgnoredFrom51() throws {
        var machine = BoltStateMachine(version: .v5_1)
        machine.perform(Requests.helloWithAuth)
        #expect(machine.state == .authentication)
        #expect(!machine.isAuthenticated)
        guard case .fail(let error, let close) = machine.admit(Requests.begin) else {
            Issue.record("BEGIN was not rejected")
            return
        }
        #expect(close)
        #expect(error.status == .requestInvalid)
        #expect(
            error.message == "Message of type BeginMessage cannot be handled by a session in the AUTHENTICATION state."
        )
        #expect(machine.state == .defunct)
    }

    @Test(arguments: [BoltState.negotiation, .authentication])
    func resetBeforeAuthenticationFailsAndCloses(state: BoltState) {
        var machine = BoltStateMachine.bolt54(in: state)
        guard case .fail(let error, close: true) = machine.admit(.reset) else {
            Issue.record("RESET was not rejected in \(state)")
            return
        }
        #expect(error.status == .requestInvalid)
        #expect(error.message.contains("ResetMessage"))
        #expect(machine.state == .defunct)
        #expect(!machine.isAuthenticated)
        #expect(machine.admit(Requests.run) == .close)
    }

    @Test func interruptBeforeAuthenticationCannotBypass() {
        var machine = BoltStateMachine.bolt54(in: .authentication)
        machine.interrupt()
        #expect(machine.state == .authentication)
        #expect(Verdict(machine.admit(.reset)) == .failAndClose)
        #expect(machine.state == .defunct)
    }

    @Test func resetAfterLogoffFails() {
        var machine = BoltStateMachine.bolt54(in: .ready)
        machine.perform(.logoff)
        #expect(machine.state == .authentication)
        #expect(Verdict(machine.admit(.reset)) == .failAndClose)
    }

    @Test(arguments: [BoltState.ready, .streaming, .txReady, .txStreaming, .failed, .interrupted])
    func resetReturnsToReady(state: BoltState) {
        var machine = BoltStateMachine.bolt54(in: state)
        machine.perform(.reset)
        #expect(machine.state == .ready)
        #expect(!machine.inTransaction)
        #expect(machine.openTransactionStreams == 0)
        #expect(machine.isAuthenticated)
    }

    @Test func resetFailureMakesDefunct() {
        var machine = BoltStateMachine.bolt54(in: .failed)
        machine.perform(.reset, .failure)
        #expect(machine.state == .defunct)
    }

    static let ignoredInFailed: [BoltRequest] = [
        Requests.run, Requests.pull, Requests.discard, Requests.begin, .commit, .rollback, Requests.route,
        .logoff, Requests.telemetry,
    ]

    @Test(arguments: ignoredInFailed)
    func failedStateIgnores(request: BoltRequest) {
        var machine = BoltStateMachine.bolt54(in: .failed)
        #expect(machine.admit(request) == .ignore)
        #expect(machine.state == .failed)
        #expect(machine.isAuthenticated)
    }

    @Test(arguments: [Requests.hello, Requests.logon])
    func failedStateRejectsAuthentication(request: BoltRequest) {
        var machine = BoltStateMachine.bolt54(in: .failed)
        #expect(Verdict(machine.admit(request)) == .failAndClose)
        #expect(machine.state == .defunct)
    }

    @Test func helloFailureMakesDefunct() {
        var machine = BoltStateMachine(version: .v5_4)
        machine.perform(Requests.hello, .failure)
        #expect(machine.state == .defunct)
        #expect(machine.admit(Requests.logon) == .close)
    }

    @Test func logonFailureMakesDefunct() {
        var machine = BoltStateMachine.bolt54(in: .authentication)
        machine.perform(Requests.logon, .failure)
        #expect(machine.state == .defunct)
        #expect(!machine.isAuthenticated)
        #expect(machine.admit(Requests.begin) == .close)
    }

    @Test func reauthenticationPipeline() {
        var machine = BoltStateMachine.bolt54(in: .ready)
        machine.perform(.logoff)
        #expect(machine.state == .authentication)
        #expect(!machine.isAuthenticated)
        machine.perform(Requests.logon)
        #expect(machine.state == .ready)
        machine.perform(Requests.begin)
        #expect(machine.state == .txReady)
        #expect(machine.inTransaction)
    }

    @Test func reauthenticationPipelineWithWrongPassword() {
        var machine = BoltStateMachine.bolt54(in: .ready)
        machine.perform(.logoff)
        machine.perform(Requests.logon, .failure)
        #expect(machine.admit(Requests.begin) == .close)
        #expect(machine.state == .defunct)
    }

    @Test func transactionWithTwoResults() {
        var machine = BoltStateMachine.bolt54(in: .ready)
        machine.perform(Requests.begin)
        #expect(machine.state == .txReady)
        machine.perform(Requests.run)
        machine.perform(Requests.run)
        #expect(machine.state == .txStreaming)
        #expect(machine.openTransactionStreams == 2)
        machine.perform(.pull(StreamRequest(count: 10, queryID: 0)), .success(streamOpen: true))
        #expect(machine.openTransactionStreams == 2)
        machine.perform(.pull(StreamRequest(count: -1, queryID: 0)))
        #expect(machine.state == .txStreaming)
        #expect(machine.openTransactionStreams == 1)
        machine.perform(Requests.discard)
        #expect(machine.state == .txReady)
        #expect(machine.openTransactionStreams == 0)
        machine.perform(.commit)
        #expect(machine.state == .ready)
        #expect(!machine.inTransaction)
    }

    @Test func rollbackWithOpenResult() {
        var machine = BoltStateMachine.bolt54(in: .txStreaming)
        machine.perform(.rollback)
        #expect(machine.state == .ready)
        #expect(!machine.inTransaction)
    }

    @Test func failureInsideTransactionKeepsItForReset() {
        var machine = BoltStateMachine.bolt54(in: .txReady)
        machine.perform(Requests.run, .failure)
        #expect(machine.state == .failed)
        #expect(machine.inTransaction)
        #expect(machine.admit(.commit) == .ignore)
        machine.perform(.reset)
        #expect(machine.state == .ready)
        #expect(!machine.inTransaction)
    }

    @Test func commitFailureEndsTransaction() {
        var machine = BoltStateMachine.bolt54(in: .txReady)
        machine.perform(.commit, .failure)
        #expect(machine.state == .failed)
        #expect(!machine.inTransaction)
    }

    @Test func routeAndTelemetryStayReady() {
        var machine = BoltStateMachine.bolt54(in: .ready)
        machine.perform(Requests.route)
        machine.perform(Requests.telemetry)
        #expect(machine.state == .ready)
        machine.perform(Requests.route, .failure)
        #expect(machine.state == .failed)
    }

    @Test func interruptIgnoresUntilReset() {
        var machine = BoltStateMachine.bolt54(in: .ready)
        #expect(machine.admit(Requests.run) == .process)
        machine.interrupt()
        machine.finish(Requests.run, .success(streamOpen: false))
        #expect(machine.state == .interrupted)
        #expect(machine.admit(Requests.pull) == .ignore)
        #expect(machine.admit(Requests.begin) == .ignore)
        #expect(machine.admit(Requests.logon) == .ignore)
        machine.perform(.reset)
        #expect(machine.state == .ready)
    }

    @Test func interruptTracksTransactionBegunMeanwhile() {
        var machine = BoltStateMachine.bolt54(in: .ready)
        #expect(machine.admit(Requests.begin) == .process)
        machine.interrupt()
        machine.finish(Requests.begin, .success(streamOpen: false))
        #expect(machine.state == .interrupted)
        #expect(machine.inTransaction)
        machine.perform(.reset)
        #expect(!machine.inTransaction)
    }

    @Test func interruptedLogoffLeavesResetUnauthenticated() {
        var machine = BoltStateMachine.bolt54(in: .ready)
        #expect(machine.admit(.logoff) == .process)
        machine.interrupt()
        machine.finish(.logoff, .success(streamOpen: false))
        #expect(machine.state == .interrupted)
        #expect(!machine.isAuthenticated)
        #expect(Verdict(machine.admit(.reset)) == .failAndClose)
    }

    /// Requests that each state does not allow, all protocol violations that close.
    static let invalidInState: [(BoltState, BoltRequest)] = [
        (.negotiation, Requests.run), (.negotiation, Requests.logon), (.negotiation, Requests.begin),
        (.authentication, Requests.hello), (.authentication, Requests.run), (.authentication, .logoff),
        (.authentication, Requests.route), (.authentication, Requests.telemetry),
        (.ready, Requests.hello), (.ready, Requests.logon), (.ready, Requests.pull), (.ready, Requests.discard),
        (.ready, .commit), (.ready, .rollback),
        (.streaming, Requests.run), (.streaming, Requests.begin), (.streaming, .commit), (.streaming, .logoff),
        (.txReady, Requests.begin), (.txReady, Requests.pull), (.txReady, .logoff), (.txReady, Requests.telemetry),
        (.txReady, Requests.route),
        (.txStreaming, Requests.begin), (.txStreaming, .logoff), (.txStreaming, Requests.hello),
    ]

    @Test(arguments: invalidInState)
    func invalidRequestFailsAndCloses(state: BoltState, request: BoltRequest) throws {
        var machine = BoltStateMachine.bolt54(in: state)
        guard case .fail(let error, close: true) = machine.admit(request) else {
            Issue.record("\(request) was not rejected in \(state)")
            return
        }
        #expect(error.status == .requestInvalid)
        #expect(error.message.contains("in the \(state.rawValue) state"))
        #expect(machine.state == .defunct)
    }

    @Test(arguments: [
        BoltState.negotiation, .authentication, .ready, .streaming, .txReady, .txStreaming, .failed, .interrupted,
    ])
    func goodbyeClosesFromAnyState(state: BoltState) {
        var machine = BoltStateMachine.bolt54(in: state)
        #expect(machine.admit(.goodbye) == .close)
        #expect(machine.state == .defunct)
    }

    @Test func defunctClosesEverything() {
        var machine = BoltStateMachine.bolt54(in: .defunct)
        for request in [Requests.run, .reset, Requests.hello, .goodbye] {
            #expect(machine.admit(request) == .close)
        }
        machine.interrupt()
        #expect(machine.state == .defunct)
    }
}
