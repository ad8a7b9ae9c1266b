import Dispatch
import Foundation
import Host
import NetworkIO

/// `nornicdb serve`: load the configuration, start the server, wait for a signal, stop.
enum ServeCommand {
    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        let configuration: Configuration
        let plugins: IdentityProviders.PluginSettings
        do {
            configuration = try ConfigurationLoader().load(environment: environment, arguments: arguments)
            plugins = try IdentityProviders.checkSettings(configuration)
        } catch {
            FileHandle.standardError.write(Data("nornicdb: invalid configuration: \(error)\n".utf8))
            return 2
        }
        let logger = Logger(label: "nornicdb", level: configuration.logLevel)
        for variable in ConfigurationLoader.unknownVariables(in: environment) {
            logger.warning("\(variable) is not a setting of this version and is ignored; check its spelling")
        }
        // A write to a socket the peer or a deadline has closed must fail with EPIPE, not end the
        // process: libldap and libpam modules write with plain send() and write().
        signal(SIGPIPE, SIG_IGN)
        checkDescriptorLimit(configuration, logger: logger)
        let signals = SignalWaiter(signals: [SIGINT, SIGTERM])
        let server: Server
        do {
            server = try await Server.start(configuration: configuration, plugins: plugins, logger: logger)
        } catch {
            logger.error("start-up failed: \(error)")
            return 1
        }
        let signal = await signals.next()
        logger.info("received signal \(signal); stopping")
        await server.stop()
        logger.info("stopped")
        return 0
    }

    /// Raises the open-descriptor limit to the hard limit, and warns when the connection limits
    /// can use more descriptors than that.
    ///
    /// The estimate counts one descriptor per Bolt connection, 1,024 for HTTP connections, 256
    /// for store connections, and 256 for files, listeners and plugins.
    private static func checkDescriptorLimit(_ configuration: Configuration, logger: Logger) {
        guard let limit = DescriptorLimit.raiseToHardLimit() else {
            logger.warning("cannot read the open-descriptor limit")
            return
        }
        let needed = UInt64(configuration.limits.maximumConnections) + 1_024 + 256 + 256
        logger.info("open-descriptor limit \(limit)")
        if limit < needed {
            logger.warning(
                "the open-descriptor limit \(limit) is below the \(needed) the connection limits can use; "
                    + "raise the hard limit (ulimit -Hn, or LimitNOFILE in a systemd unit) "
                    + "or lower NORNICDB_MAX_CONNECTIONS"
            )
        }
    }
}

/// Turns SIGINT and SIGTERM into an awaitable event instead of the default termination.
///
/// `@unchecked Sendable` is safe because `sources` is written once in `init` and only kept
/// alive afterwards; the stream is the only part other tasks use.
final class SignalWaiter: @unchecked Sendable {
    private let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32]) {
        var continuation: AsyncStream<Int32>.Continuation!
        stream = AsyncStream { continuation = $0 }
        let queue = DispatchQueue(label: "nornicdb.signals")
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [continuation] in continuation?.yield(number) }
            source.resume()
            return source
        }
    }

    func next() async -> Int32 {
        for await number in stream { return number }
        return SIGTERM
    }
}
