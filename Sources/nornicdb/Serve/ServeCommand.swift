import Dispatch
import Foundation
import Host

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
