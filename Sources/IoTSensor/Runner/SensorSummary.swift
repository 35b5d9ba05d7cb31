/// What a sensor run saw and raised.
public struct SensorSummary: Sendable, Codable {
    public var sources: [String] = []
    public var capture = CaptureStatistics()
    public var windowsScored = 0
    /// Window alerts (before folding into incidents).
    public var windowAlerts = 0
    public var incidents = 0
    /// Incidents closed early because the open-incident table was full (e.g. a flood of
    /// random source addresses opening one per host pair).
    public var incidentsClosedForRoom = 0
    public var incidentsPerFamily: [String: Int] = [:]
    public var windowAlertsPerFamily: [String: Int] = [:]
    public var predictionsPerClass: [String: Int] = [:]
    public var seconds = 0.0
    /// Packet seen → alert written, in milliseconds (p50, p99, max), for runs that raised alerts.
    public var alertLatencyMilliseconds: [String: Double] = [:]
    public var kernelDrops: Int?
    /// Responses (with `--response-policy`).
    public var response: ResponseReport?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case sources, capture, seconds, incidents
        case windowsScored = "windows_scored", windowAlerts = "window_alerts"
        case incidentsPerFamily = "incidents_per_family", windowAlertsPerFamily = "window_alerts_per_family"
        case predictionsPerClass = "predictions_per_class", alertLatencyMilliseconds = "alert_latency_ms"
        case kernelDrops = "kernel_drops", response, incidentsClosedForRoom = "incidents_closed_for_room"
    }
}
