/// Receiver operating characteristic of one binary problem, computed exactly by sorting.
///
/// Points are placed at every distinct score (ties form one point, as in scikit-learn's
/// `roc_curve` with `drop_intermediate=False`), from (0, 0) to (1, 1). The area equals the
/// Mann–Whitney statistic with ties counted ½, i.e. scikit-learn's `roc_auc_score`.
/// O(n log n).
public struct ROCCurve: Sendable, Codable, Equatable {
    public var falsePositiveRates: [Double]
    public var truePositiveRates: [Double]
    /// The score threshold of each point (`+inf` for the first).
    public var thresholds: [Double]
    /// The area under the curve; `nil` when the truth has only one class (undefined, where
    /// scikit-learn raises an error).
    public var area: Double?

    public init(positives: [Bool], scores: [Double]) {
        precondition(positives.count == scores.count, "ROCCurve: \(positives.count) labels, \(scores.count) scores")
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let positiveCount = positives.lazy.filter { $0 }.count
        let negativeCount = positives.count - positiveCount
        var fpr: [Double] = [0], tpr: [Double] = [0], thresholds: [Double] = [.infinity]
        var tp = 0, fp = 0
        var i = 0
        while i < order.count {
            let score = scores[order[i]]
            while i < order.count, scores[order[i]] == score {
                if positives[order[i]] { tp += 1 } else { fp += 1 }
                i += 1
            }
            fpr.append(negativeCount > 0 ? Double(fp) / Double(negativeCount) : .nan)
            tpr.append(positiveCount > 0 ? Double(tp) / Double(positiveCount) : .nan)
            thresholds.append(score)
        }
        falsePositiveRates = fpr
        truePositiveRates = tpr
        self.thresholds = thresholds
        if positiveCount == 0 || negativeCount == 0 {
            area = nil
        } else {
            // Trapezoids between successive points (exact for tied groups).
            var sum = 0.0
            for k in 1..<fpr.count { sum += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2 }
            area = sum
        }
    }

    /// At most `maximum` points, keeping the first and last (for plotting).
    public func thinned(to maximum: Int) -> ROCCurve {
        guard falsePositiveRates.count > maximum, maximum >= 2 else { return self }
        let step = Double(falsePositiveRates.count - 1) / Double(maximum - 1)
        let keep = (0..<maximum).map { Int((Double($0) * step).rounded()) }
        var copy = self
        copy.falsePositiveRates = keep.map { falsePositiveRates[$0] }
        copy.truePositiveRates = keep.map { truePositiveRates[$0] }
        copy.thresholds = keep.map { thresholds[$0] }
        return copy
    }
}
