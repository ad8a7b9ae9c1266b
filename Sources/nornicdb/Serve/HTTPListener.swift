import HTTPAPI
import HTTPServer
import Host

/// The HTTP API on `NORNICDB_HTTP_PORT`: libmicrohttpd in front of the API's routes.
struct HTTPListener: Sendable {
    let server: HTTPServer
    let api: HTTPAPI

    /// Binds the configured address and port and starts serving.
    static func start(
        configuration: Configuration,
        queries: QueryService,
        tokens: any TokenService,
        logger: Logger,
        authLogger: Logger
    ) throws -> HTTPListener {
        let api = HTTPAPI(
            queries: queries,
            tokens: tokens,
            configuration: HTTPAPIConfiguration(
                boltPort: configuration.boltPort,
                httpPort: configuration.httpPort,
                address: configuration.address,
                transactionIdleTimeoutSeconds: configuration.httpTransactionIdleTimeoutSeconds,
                neo4jVersion: ServerInfo.neo4jVersion
            ),
            logger: logger.with(label: "http"),
            authLogger: authLogger.with(label: "http")
        )
        var settings = HTTPServer.Configuration(address: configuration.address, port: configuration.httpPort)
        settings.maximumBodyBytes = configuration.httpMaximumRequestBytes
        let server = try HTTPServer(configuration: settings, logger: logger.with(label: "http")) { request in
            await api.handle(request)
        }
        return HTTPListener(server: server, api: api)
    }

    /// Stops accepting requests, then rolls back the open HTTP transactions.
    func stop() async {
        await server.stop()
        await api.shutdown()
    }
}
