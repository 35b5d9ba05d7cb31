import IoTData
import IoTPrep

/// A content fingerprint of a prepared set that a NumPy script can recompute exactly, so a
/// benchmark can prove that IoTShield and its Python peers were given the same rows.
///
/// Two 64-bit sums, wrapping modulo 2^64 (as NumPy's `uint64` arithmetic does):
/// - `features`: Σ bits(value[k]) × (k + 1) over the row-major values (k = row × columns +
///   column; `bits` is the IEEE-754 float32 bit pattern),
/// - `classes`: Σ (class[i] + 1) × (i + 1) over the rows.
/// Order-dependent, so the same rows in another order give other sums. NumPy:
/// `(x.view(np.uint32).astype(np.uint64).ravel() * np.arange(1, x.size + 1, dtype=np.uint64)).sum()`.
/// O(rows × columns); not a cryptographic hash (it detects accidents, not adversaries).
public struct PreparedSetChecksum: Sendable, Equatable, Codable, CustomStringConvertible {
    public var rows: Int
    public var columns: Int
    public var features: UInt64
    public var classes: UInt64

    public init(features matrix: FeatureMatrix, classes labels: [Int]) {
        rows = matrix.rowCount
        columns = matrix.columnCount
        var sum: UInt64 = 0
        matrix.values.withUnsafeBufferPointer { values in
            for k in 0..<values.count { sum &+= UInt64(values[k].bitPattern) &* UInt64(k + 1) }
        }
        features = sum
        var classSum: UInt64 = 0
        for (i, label) in labels.enumerated() { classSum &+= UInt64(label + 1) &* UInt64(i + 1) }
        classes = classSum
    }

    public init(_ set: PreparedSet) {
        self.init(features: set.features, classes: set.classes)
    }

    /// `ROWSxCOLUMNS:FEATURES:CLASSES` (sums in hex), the form the benchmark compares.
    public var description: String {
        "\(rows)x\(columns):\(String(features, radix: 16)):\(String(classes, radix: 16))"
    }
}
