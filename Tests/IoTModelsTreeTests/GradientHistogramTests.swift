import Foundation
import IoTData
import Testing
@testable import IoTModels

/// The boosting histograms, built over four interleaved copies from `spreadRows` rows, against
/// a second computation: a plain per-row sum over the same real codes.
@Suite("Gradient histograms")
struct GradientHistogramTests {
    /// Every feature of the real training rows (flags with two bins and wide columns alike),
    /// row lists below, at and above the spreading threshold with every remainder mod 4: gradient
    /// and hessian sums match to 1e-12 relative, cells no code reaches stay zero, and the
    /// all-rows build equals the row-list build on the identity list bit for bit.
    @Test func spreadBuildsEqualPlainSums() throws {
        let (binner, binned) = TreeFixtures.familyBinned
        let n = binned.rowCount
        #expect(n > 3 * GradientHistogram.spreadRows)
        var rng = SplitMix64(seed: 11)
        let gradients = (0..<n).map { _ in Float(rng.nextUnitFloat()) * 2 - 1 }
        let hessians = (0..<n).map { _ in Float(rng.nextUnitFloat()) * 0.25 }
        let spread = GradientHistogram.spreadRows
        let counts = [1, spread - 1, spread, spread + 1, spread + 2, spread + 3, n / 2, n]
        let size = GradientHistogram.featureSize, stride = GradientHistogram.stride
        var histogram = [Double](repeating: .nan, count: size)
        var allRows = [Double](repeating: .nan, count: size)
        var spare = [Double](repeating: .nan, count: GradientHistogram.spareSize)
        var checkedSpread = 0
        for count in counts {
            // Every other row when the list is short enough to skip some (gathered reads).
            let step = count * 2 <= n ? 2 : 1
            let positions = (0..<count).map { Int32($0 * step) }
            let ordered = positions.map { gradients[Int($0)] }, orderedH = positions.map { hessians[Int($0)] }
            for feature in 0..<binned.featureCount {
                let binCount = binner.binCount(feature: feature)
                binned.codes.withUnsafeBufferPointer { codes in
                    let column = codes.baseAddress! + feature * n
                    GradientHistogram.build(column: column, positions: positions, count: count, orderedGradients: ordered,
                                            orderedHessians: orderedH, binCount: binCount, spare: &spare, into: &histogram)
                    if step == 1 {
                        GradientHistogram.buildAllRows(column: column, count: count, gradients: gradients, hessians: hessians,
                                                       binCount: binCount, spare: &spare, into: &allRows)
                    }
                }
                var expected = [Double](repeating: 0, count: size)
                for (i, row) in positions.enumerated() {
                    let cell = Int(binned.codes[feature * n + Int(row)]) * stride
                    expected[cell] += Double(ordered[i])
                    expected[cell + 1] += Double(orderedH[i])
                }
                for cell in 0..<size {
                    let tolerance = 1e-12 * max(1, abs(expected[cell]))
                    #expect(abs(histogram[cell] - expected[cell]) <= tolerance,
                            "feature \(feature), \(count) rows, cell \(cell): \(histogram[cell]) vs \(expected[cell])")
                }
                if step == 1 {
                    #expect(allRows.map(\.bitPattern) == histogram.map(\.bitPattern), "feature \(feature), \(count) rows: all-rows build")
                }
            }
            if count >= spread { checkedSpread += 1 }
        }
        #expect(checkedSpread >= 5)
    }

    /// Row estimates from hessian shares stay in range whatever the sums: a leaf whose hessian
    /// sum is near zero (or zero, negative, NaN) next to cells holding subtraction residues gets
    /// a verdict, not a trap, and never a split with fewer than `minCount` estimated rows.
    @Test(arguments: [1e-300, 0, -1e-12, Double.nan, 1e300])
    func degenerateHessianSumsDoNotTrap(sumHessian: Double) {
        var histogram = [Double](repeating: 0, count: GradientHistogram.featureSize)
        for bin in 0..<10 {
            histogram[bin * GradientHistogram.stride] = Double(bin) - 4.5
            histogram[bin * GradientHistogram.stride + 1] = bin.isMultiple(of: 2) ? 1e-3 : -1e-3
        }
        let candidate = histogram.withUnsafeBufferPointer {
            GradientHistogram.bestSplit(histogram: $0.baseAddress!, feature: 0, binCount: 10, sumGradient: 0.5,
                                        sumHessian: sumHessian, count: 1_000_000, minCount: 20, minHessian: 0, l2: 0)
        }
        #expect(candidate.gain >= 0)
        #expect(candidate.bin < 10)
    }
}
