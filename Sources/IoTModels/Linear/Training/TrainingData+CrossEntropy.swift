import Foundation

extension TrainingData {
    /// Mean weighted cross-entropy of predicted `probabilities` (`rows × classCount`) against
    /// the labels; probabilities are floored at 1e-30 so a confident miss costs ≈ 69, not ∞.
    /// O(rows).
    func meanCrossEntropy(of probabilities: [Float]) -> Double {
        var sum = 0.0
        var weightSum = 0.0
        for row in 0..<rowCount {
            let w = Double(weights?[row] ?? 1)
            let p = Double(probabilities[row * classCount + Int(labels[row])])
            sum -= w * Foundation.log(Swift.max(p, 1e-30))
            weightSum += w
        }
        return weightSum > 0 ? sum / weightSum : 0
    }
}
