import Foundation
import Hummingbird
import HummingbirdWebSocket
import IoTSensor
import Logging

/// The detection service: the parts (store, tokens, scorer, engine, metrics, push) and the
/// Hummingbird application that serves them.
///
/// `iotshield serve` builds one and calls `run`; tests build one on a temporary database and
/// call `makeApplication` with port 0 to drive it over real sockets.
public final class IoTShieldService: Sendable {
    public let configuration: ServiceConfiguration
    public let store: AlertStore
    public let tokens: TokenStore
    public let scorers: ScorerProvider
    public let broadcaster: IncidentBroadcaster
    public let metrics: ServiceMetrics
    public let engine: DetectionEngine
    /// Acts on incidents by `configuration.responsePolicy`; `nil` without one.
    public let response: ResponseEngine?
    let limiter: InFlightLimiter
    let statistics: IncidentStatistics
    let decoder: FlowRecordDecoder
    let startedAt: Double

    /// Opens (creating if needed) the alert database and the token table.
    /// - Parameters:
    ///   - scorer: the model to start with; `nil` starts without one (ingest answers 503
    ///     until `POST /v1/model`).
    /// - Throws: `ConfigurationError` for invalid settings; the store's errors when the database
    ///   cannot be opened.
    public init(configuration: ServiceConfiguration, scorer: (any WindowScorer)?, scorerOrigin: String? = nil) throws {
        try configuration.validate()
        self.configuration = configuration
        let database = try configuration.openDatabase()
        store = try AlertStore(database: database)
        tokens = try TokenStore(database: database)
        scorers = ScorerProvider(scorer: scorer, origin: scorerOrigin)
        broadcaster = IncidentBroadcaster()
        metrics = ServiceMetrics()
        let store = self.store
        response = configuration.responsePolicy.map { ResponseEngine(policy: $0, store: store, applyBlocks: configuration.applyBlocks) }
        engine = DetectionEngine(store: store, response: response, scorers: scorers, broadcaster: broadcaster, metrics: metrics,
                                 threshold: configuration.alertThreshold, incidentGap: configuration.incidentGap)
        limiter = InFlightLimiter(limit: configuration.maxInFlight)
        statistics = IncidentStatistics(database: database)
        decoder = FlowRecordDecoder(maxRecords: configuration.maxRecords)
        startedAt = Date().timeIntervalSince1970
    }

    /// The HTTP router (every route) and the WebSocket upgrade router, both behind the same
    /// error mapping and authentication.
    func makeRouters() -> (http: Router<ServiceRequestContext>, webSocket: Router<ServiceRequestContext>) {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: ErrorMappingMiddleware(maxBodyBytes: configuration.maxBodyBytes))
        router.add(middleware: AuthMiddleware(tokens: configuration.authenticationEnabled ? tokens : nil))
        addIngestRoutes(to: router)
        addAlertRoutes(to: router)
        addOperationsRoutes(to: router)
        addDashboardRoutes(to: router)

        let webSocketRouter = Router(context: ServiceRequestContext.self)
        webSocketRouter.add(middleware: AuthMiddleware(tokens: configuration.authenticationEnabled ? tokens : nil))
        addIngestStream(to: webSocketRouter)
        addAlertStream(to: webSocketRouter)
        return (router, webSocketRouter)
    }

    /// The application, listening on `configuration.host:port`; `onListening` gets the bound port.
    public func makeApplication(logger: Logger = Logger(label: "iotshield.serve"),
                                onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let (router, webSocketRouter) = makeRouters()
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: webSocketRouter,
                configuration: .init(ws: .init(maxFrameSize: max(1 << 20, min(configuration.maxBodyBytes, 16 << 20))))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "iotshield"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGINT/SIGTERM, with the response worker (webhook deliveries, block
    /// expiry) running alongside; on shutdown due deliveries get a few seconds to finish.
    public func run(logger: Logger = Logger(label: "iotshield.serve"), onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        response?.start()
        defer { response?.stop(drainingFor: 5) }
        try await makeApplication(logger: logger, onListening: onListening).runService()
    }
}
