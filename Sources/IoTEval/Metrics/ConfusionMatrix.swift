/// Counts of (true class, predicted class) pairs: `counts[truth * classCount + predicted]`.
public struct ConfusionMatrix: Sendable, Equatable, Codable {
    public let classCount: Int
    public private(set) var counts: [Int]

    public init(classCount: Int) {
        self.classCount = classCount
        counts = [Int](repeating: 0, count: classCount * classCount)
    }

    /// Builds the matrix from paired class indices. O(n).
    /// - Precondition: every index is in `0..<classCount`.
    public init(truth: [Int], predicted: [Int], classCount: Int) {
        precondition(truth.count == predicted.count, "ConfusionMatrix: \(truth.count) truths, \(predicted.count) predictions")
        self.init(classCount: classCount)
        for (t, p) in zip(truth, predicted) { counts[t * classCount + p] += 1 }
    }

    public subscript(truth: Int, predicted: Int) -> Int { counts[truth * classCount + predicted] }

    /// Rows of the matrix (one per true class).
    public var rows: [[Int]] { (0..<classCount).map { Array(counts[($0 * classCount)..<(($0 + 1) * classCount)]) } }

    /// Each row divided by its sum (recall per cell); an empty row stays all zero.
    public var rowNormalized: [[Double]] {
        rows.map { row in
            let total = row.reduce(0, +)
            return row.map { total > 0 ? Double($0) / Double(total) : 0 }
        }
    }

    /// Rows per true class.
    public var support: [Int] { rows.map { $0.reduce(0, +) } }
    /// Rows per predicted class.
    public var predictedCounts: [Int] { (0..<classCount).map { c in (0..<classCount).reduce(0) { $0 + self[$1, c] } } }
    public var total: Int { counts.reduce(0, +) }
}
