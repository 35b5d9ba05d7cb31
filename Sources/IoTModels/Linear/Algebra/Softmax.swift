import Foundation

/// Numerically stable softmax over rows of scores (the largest score is subtracted before
/// `exp`, so no overflow for any finite input). O(width) per row; no allocation.
enum Softmax {
    /// Replaces `width` scores at `row` with their softmax (sums to 1 within rounding).
    @inline(__always)
    static func inPlace(_ row: UnsafeMutablePointer<Float>, width: Int) {
        var largest = -Float.infinity
        for c in 0..<width where row[c] > largest { largest = row[c] }
        var sum: Float = 0
        for c in 0..<width {
            let e = Foundation.exp(row[c] - largest)
            row[c] = e
            sum += e
        }
        let inverse = 1 / sum
        for c in 0..<width { row[c] *= inverse }
    }

    /// Softmax of every row of a `rows × width` row-major buffer, in place. O(rows·width).
    static func rowsInPlace(_ values: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for r in 0..<rows { inPlace(values + r * width, width: width) }
    }

    /// Replaces the scores at `row` with their softmax and returns the cross-entropy
    /// `−log p[label] = log Σ exp(z − max) − (z[label] − max)`, computed from the scores (not
    /// from the rounded probability), so it stays finite and accurate for confident rows.
    @inline(__always)
    static func inPlaceWithCrossEntropy(_ row: UnsafeMutablePointer<Float>, width: Int, label: Int) -> Double {
        var largest = -Float.infinity
        for c in 0..<width where row[c] > largest { largest = row[c] }
        let shiftedLabelScore = row[label] - largest
        var sum: Float = 0
        for c in 0..<width {
            let e = Foundation.exp(row[c] - largest)
            row[c] = e
            sum += e
        }
        let inverse = 1 / sum
        for c in 0..<width { row[c] *= inverse }
        return Foundation.log(Double(sum)) - Double(shiftedLabelScore)
    }
}
