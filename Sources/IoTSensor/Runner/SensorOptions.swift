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
    /// Respond to incidents by this policy (webhook, blocklist); needs `database`.
    public var responsePolicy: ResponsePolicy?
    /// Run `nft -f` on the blocklist after each change (`--apply-blocks`).
    public var applyBlocks = false
    /// Seconds to keep delivering due webhooks after the capture ends; what is left stays
    /// in the store's outbox for the next run.
    public var responseDrainSeconds = 10.0

    public init() {}
}
