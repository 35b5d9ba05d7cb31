import IoTData

/// Balanced training rows: class by class in class order, each class's kept real rows in
/// their input order followed by its synthetic rows (shuffle before order-sensitive training).
public struct BalancedSet: Sendable {
    public var features: FeatureMatrix
    public var classes: [Int]
    /// One per row when provenance is recorded, else empty.
    public var origins: [RowOrigin]
    public var report: BalanceReport
}
