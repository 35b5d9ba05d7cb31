/// How a sensor run is set up (`iotshield detect`).
public struct SensorOptions: Sendable {
    public var mode: WindowMode = .host
    public var windowSize = 10
    /// Host mode: seconds of silence that close a host's partial window.
    public var idleTimeout = 5.0
    public var maximumHosts = 16384
    /// Alert when an attack class reaches this probability.
    public var threshold: Float = 0.5
    public var familyThresholds: [String: Float] = [:]
    /// Seconds without alerts that close an incident.
    public var incidentGap = 60.0
    /// Replay captures at this multiple of their recorded pace; `nil` = as fast as possible.
    public var replaySpeed: Double?
    public var eveOutput: String?
    public var database: String?
    public var featuresOutput: String?
    public var showStatus = false

    public init() {}
}
