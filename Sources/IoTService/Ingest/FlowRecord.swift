/// One ingested feature row: the 39 CICIoT2023 v2 features in `FeatureLayout.v2` order, and
/// the fields carried through to predictions and incidents.
public struct FlowRecord: Sendable, Equatable {
    public var features: [Double]
    /// Dotted-quad IPv4 (or any text; only IPv4 is attributed to incidents).
    public var sourceIP: String?
    public var destinationIP: String?
    /// Name of the sensor that computed the row.
    public var sensor: String?
    /// Epoch seconds of the window's end; the receive time when absent.
    public var timestamp: Double?

    public init(features: [Double], sourceIP: String? = nil, destinationIP: String? = nil, sensor: String? = nil, timestamp: Double? = nil) {
        self.features = features
        self.sourceIP = sourceIP
        self.destinationIP = destinationIP
        self.sensor = sensor
        self.timestamp = timestamp
    }
}
