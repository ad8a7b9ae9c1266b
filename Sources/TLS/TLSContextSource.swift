public import Host
internal import Synchronization

/// The current server context for one set of files, rebuilt when a file changes on disk.
///
/// ``current()`` compares the files' stamps at most once per second. A changed file builds a
/// new context for the connections that follow; open connections keep the one they started
/// with. A file that cannot be used leaves the previous context in place and logs an error,
/// once per change.
public final class TLSContextSource: Sendable {
    /// The files a context is built from.
    public struct Files: Sendable, Equatable {
        public var certificatePath: String
        public var keyPath: String
        public var clientCAPath: String?
        public var clientAuthentication: TLSSettings.ClientAuthentication

        public init(
            certificatePath: String,
            keyPath: String,
            clientCAPath: String? = nil,
            clientAuthentication: TLSSettings.ClientAuthentication = .none
        ) {
            self.certificatePath = certificatePath
            self.keyPath = keyPath
            self.clientCAPath = clientCAPath
            self.clientAuthentication = clientAuthentication
        }

        var paths: [String] { [certificatePath, keyPath] + (clientCAPath.map { [$0] } ?? []) }

        func build() throws(TLSError) -> TLSContext {
            try TLSContext(
                certificatePath: certificatePath,
                keyPath: keyPath,
                clientCAPath: clientCAPath,
                clientAuthentication: clientAuthentication
            )
        }
    }

    private struct State {
        var context: TLSContext
        var stamps: [FileStamp?]
        var lastCheck: ContinuousClock.Instant
    }

    public let files: Files
    private let logger: Logger
    private let state: Mutex<State>
    /// The shortest time between two looks at the files.
    static let checkInterval: Duration = .seconds(1)

    /// Builds the first context; throws when the files cannot be used.
    public init(files: Files, logger: Logger) throws(TLSError) {
        self.files = files
        self.logger = logger
        let stamps = files.paths.map(FileStamp.init(path:))
        let context = try files.build()
        state = Mutex(State(context: context, stamps: stamps, lastCheck: .now))
    }

    /// Returns the context for a new connection, rebuilt first if a file changed.
    ///
    /// Runs on a connection's task; a rebuild reads the few kilobytes of the PEM files.
    public func current() -> TLSContext {
        state.withLock { state in
            let now = ContinuousClock.now
            guard now - state.lastCheck >= Self.checkInterval else { return state.context }
            state.lastCheck = now
            let stamps = files.paths.map(FileStamp.init(path:))
            guard stamps != state.stamps else { return state.context }
            state.stamps = stamps
            do {
                state.context = try files.build()
                logger.info(
                    "reloaded the TLS certificate and key",
                    metadata: ["tls.certificate": files.certificatePath]
                )
            } catch {
                logger.error(
                    "kept the previous TLS certificate; the changed files cannot be used: \(error)",
                    metadata: ["tls.certificate": files.certificatePath]
                )
            }
            return state.context
        }
    }
}
