/// Binned feature values, column-major: `codes[feature * rowCount + row]`, one byte per value
/// (39 bytes per row for the v2 layout: 46 M rows take 1.8 GB, a quarter of the float matrix).
/// Codes are `FeatureBinner` codes: `0..<binCounts[f]` for values, 255 for NaN.
public struct BinnedMatrix: Sendable, Equatable {
    public let rowCount: Int
    public let featureCount: Int
    public let codes: [UInt8]
    /// Value bins per feature (the NaN code 255 is extra).
    public let binCounts: [Int]

    public init(rowCount: Int, featureCount: Int, codes: [UInt8], binCounts: [Int]) {
        precondition(codes.count == rowCount * featureCount && binCounts.count == featureCount)
        self.rowCount = rowCount
        self.featureCount = featureCount
        self.codes = codes
        self.binCounts = binCounts
    }

    @inline(__always)
    public subscript(row: Int, feature: Int) -> UInt8 { codes[feature * rowCount + row] }
}
