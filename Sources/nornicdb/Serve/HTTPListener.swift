import HTTPAPI
import HTTPServer
import Host

/// The HTTP API on `NORNICDB_HTTP_PORT`, and over HTTPS on `NORNICDB_HTTPS_PORT` when enabled:
/// libmicrohttpd in front of the API's routes.
struct HTTPListener: Sendable {
    let server: HTTPServer
    let api: HTTPAPI
    /// The HTTPS listener, which serves the same API.
    var secureServer: HTTPServer?

    /// Binds the configured address and port and starts serving.
    static func start(
        configuration: Configuration,
        queries: QueryService,
        tokens: any TokenService,
        clusterStatus: any ClusterStatusSource,
        logger: Logger,
        authLogger: Logger
    ) throws -> HTTPListener {
        var apiConfiguration = HTTPAPIConfiguration(
            boltPort: configuration.boltPort,
            httpPort: configuration.httpPort,
            address: configuration.address,
            transactionIdleTimeoutSeconds: configuration.httpTransactionIdleTimeoutSeconds,
            neo4jVersion: ServerInfo.neo4jVersion
        )
        apiConfiguration.clusterStatus = clusterStatus
        let api = HTTPAPI(
            queries: queries,
            tokens: tokens,
            configuration: apiConfiguration,
            logger: logger.with(label: "http"),
            authLogger: authLogger.with(label: "http")
        )
        var settings = HTTPServer.Configuration(address: configuration.address, port: configuration.httpPort)
        settings.maximumBodyBytes = configuration.httpMaximumRequestBytes
        let server = try HTTPServer(configuration: settings, logger: logger.with(label: "http")) { request in
            await api.handle(request)
        }
        var listener = HTTPListener(server: server, api: api)
        // On failure the HTTP server stops in its deinit.
        listener.secureServer = try startHTTPS(
            configuration: configuration,
            settings: settings,
            api: api,
            logger: logger
        )
        return listener
    }

    /// Starts the HTTPS listener with the same limits as the HTTP one, or returns nil when
    /// `NORNICDB_HTTPS_ENABLED` is false.
    private static func startHTTPS(
        configuration: Configuration,
        settings: HTTPServer.Configuration,
        api: HTTPAPI,
        logger: Logger
    ) throws -> HTTPServer? {
        let tls = configuration.tls
        guard tls.httpsEnabled, let certificate = tls.effectiveHTTPSCertificatePath,
            let key = tls.effectiveHTTPSKeyPath
        else { return nil }
        let httpsLogger = logger.with(label: "https")
        var secure = settings
        secure.port = tls.httpsPort
        do {
            secure.tls = try HTTPSCertificateSource(certificatePath: certificate, keyPath: key, logger: httpsLogger)
        } catch {
            let certificateVariable = tls.httpsCertificatePath == nil ? "NORNICDB_BOLT_TLS_CERT" : "NORNICDB_HTTPS_CERT"
            let keyVariable = tls.httpsKeyPath == nil ? "NORNICDB_BOLT_TLS_KEY" : "NORNICDB_HTTPS_KEY"
            throw ConfigurationError("\(certificateVariable), \(keyVariable) for HTTPS: \(error.message)")
        }
        return try HTTPServer(configuration: secure, logger: httpsLogger) { request in await api.handle(request) }
    }

    /// Stops accepting requests, then rolls back the open HTTP transactions.
    func stop() async {
        await secureServer?.stop()
        await server.stop()
        await api.shutdown()
    }
}
