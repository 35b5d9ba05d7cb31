/// Where a running sensor is, reported through `SensorRunner.onProgress` (the service shows
/// it as sensor health: packets/s, kernel drops).
public struct SensorProgress: Sendable, Codable, Equatable {
    /// The source being read: an interface name or a capture file path.
    public var source: String
    /// Frames read so far, all sources of this runner.
    public var packets: Int
    public var windows: Int
    /// Windows scored as an attack at or above the threshold.
    public var windowAlerts: Int
    public var incidents: Int
    /// Packets the kernel dropped (live captures; `nil` for files).
    public var kernelDrops: Int?
    /// Seconds since the runner started.
    public var seconds: Double
    /// `true` once the source has ended (end of file, or the live capture was stopped).
    public var finished: Bool

    public init(source: String, packets: Int, windows: Int, windowAlerts: Int, incidents: Int, kernelDrops: Int?,
                seconds: Double, finished: Bool) {
        self.source = source
        self.packets = packets
        self.windows = windows
        self.windowAlerts = windowAlerts
        self.incidents = incidents
        self.kernelDrops = kernelDrops
        self.seconds = seconds
        self.finished = finished
    }
}
