/// Gradient/hessian histograms and the boosting split search (LightGBM-style).
///
/// Layout: per feature 256 bins × 3 doubles: gradient sum, hessian sum, row count.
/// A child's histogram is the parent's minus its sibling's (`subtract`), so after a split only
/// the smaller child is built from rows.
enum GradientHistogram {
    static let bins = 256
    static let stride = 3
    static let featureSize = bins * stride

    /// Builds one feature's histogram from rows `positions[0..<count]` with their gradients and
    /// hessians already gathered in that order (`orderedGradients[i]` belongs to
    /// `positions[i]`). Overwrites the histogram. O(count + 256).
    @inline(__always)
    static func build(
        column: UnsafePointer<UInt8>, positions: UnsafePointer<Int32>, count: Int,
        orderedGradients: UnsafePointer<Float>, orderedHessians: UnsafePointer<Float>,
        into histogram: UnsafeMutablePointer<Double>
    ) {
        histogram.update(repeating: 0, count: featureSize)
        for i in 0..<count {
            let cell = histogram + Int(column[Int(positions[i])]) &* stride
            cell[0] += Double(orderedGradients[i])
            cell[1] += Double(orderedHessians[i])
            cell[2] += 1
        }
    }

    /// Builds one feature's histogram over all rows `0..<count` (no row list): the root of a
    /// tree that uses every row. O(count + 256).
    @inline(__always)
    static func buildAllRows(
        column: UnsafePointer<UInt8>, count: Int, gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>,
        into histogram: UnsafeMutablePointer<Double>
    ) {
        histogram.update(repeating: 0, count: featureSize)
        for i in 0..<count {
            let cell = histogram + Int(column[i]) &* stride
            cell[0] += Double(gradients[i])
            cell[1] += Double(hessians[i])
            cell[2] += 1
        }
    }

    /// `target -= source` over one feature. O(256).
    @inline(__always)
    static func subtract(_ source: UnsafePointer<Double>, from target: UnsafeMutablePointer<Double>) {
        for i in 0..<featureSize { target[i] -= source[i] }
    }

    /// A split of a leaf: rows with `code <= bin` go left.
    struct Candidate {
        var feature = -1
        var bin = -1
        /// `GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ)`; only positive gains are taken.
        var gain = 0.0
        var leftGradient = 0.0
        var leftHessian = 0.0
        var leftCount = 0
    }

    /// The best split of one feature over its value bins `0..<binCount` (NaN, code 255, always
    /// right). Both sides need `minCount` rows and `minHessian` hessian. O(binCount).
    @inline(__always)
    static func bestSplit(
        histogram: UnsafePointer<Double>, feature: Int, binCount: Int,
        sumGradient: Double, sumHessian: Double, count: Int,
        minCount: Int, minHessian: Double, l2: Double
    ) -> Candidate {
        var best = Candidate()
        let parentScore = sumGradient * sumGradient / (sumHessian + l2)
        var gl = 0.0, hl = 0.0, nl = 0
        for bin in 0..<binCount {
            let cell = histogram + bin * stride
            let rows = Int(cell[2])
            if rows == 0 { continue }
            gl += cell[0]
            hl += cell[1]
            nl += rows
            if nl < minCount || hl < minHessian { continue }
            let nr = count - nl, hr = sumHessian - hl
            if nr < minCount || hr < minHessian { break }
            let gr = sumGradient - gl
            let gain = gl * gl / (hl + l2) + gr * gr / (hr + l2) - parentScore
            if gain > best.gain {
                best = Candidate(feature: feature, bin: bin, gain: gain, leftGradient: gl, leftHessian: hl, leftCount: nl)
            }
        }
        return best
    }
}
