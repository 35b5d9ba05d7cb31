/// Gradient/hessian histograms and the boosting split search (LightGBM-style).
///
/// Layout: per feature 256 bins × 2 doubles: gradient sum, hessian sum. Rows per bin are not
/// counted: the split search estimates them from the hessians, as LightGBM does (a third
/// read-modify-write per row and feature was a third of the build). A child's histogram is
/// the parent's minus its sibling's (`subtract`), so after a split only the smaller child is
/// built from rows.
enum GradientHistogram {
    static let bins = 256
    static let stride = 2
    static let featureSize = bins * stride

    /// Rows from which `build` and `buildAllRows` spread over `copies` histograms.
    static let spreadRows = 2_048
    /// Histograms a large build spreads its rows over (the target and `copies − 1` spares).
    static let copies = 4
    /// Doubles of spare histograms one concurrent build needs.
    static let spareSize = (copies - 1) * featureSize

    /// Builds one feature's histogram from rows `positions[0..<count]` with their gradients and
    /// hessians already gathered in that order (`orderedGradients[i]` belongs to
    /// `positions[i]`). Overwrites the histogram; `binCount` is the feature's value bins (codes
    /// `0..<binCount`, and 255 for NaN). `spare` (`spareSize` doubles, this build's alone) is
    /// scratch. O(count + 256).
    ///
    /// Why spares: most rows of a low-cardinality feature (a flag, a protocol indicator) fall
    /// into one or two bins, so consecutive rows add to the same cell and each add waits for the
    /// previous one's store (~10 cycles a row instead of ~3). From `spreadRows` rows, row `i`
    /// goes to copy `i mod 4` and the copies are summed at the end, so four chains run side by
    /// side. The sums are added in a fixed order: results do not depend on threads.
    @inline(__always)
    static func build(
        column: UnsafePointer<UInt8>, positions: UnsafePointer<Int32>, count: Int,
        orderedGradients: UnsafePointer<Float>, orderedHessians: UnsafePointer<Float>,
        binCount: Int, spare: UnsafeMutablePointer<Double>, into histogram: UnsafeMutablePointer<Double>
    ) {
        spreadBuild(count: count, binCount: binCount, spare: spare, into: histogram) { i in
            (column[Int(positions[i])], orderedGradients[i], orderedHessians[i])
        }
    }

    /// Builds one feature's histogram over all rows `0..<count` (no row list): the root of a
    /// tree that uses every row. Same contract and spreading as `build`. O(count + 256).
    @inline(__always)
    static func buildAllRows(
        column: UnsafePointer<UInt8>, count: Int, gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>,
        binCount: Int, spare: UnsafeMutablePointer<Double>, into histogram: UnsafeMutablePointer<Double>
    ) {
        spreadBuild(count: count, binCount: binCount, spare: spare, into: histogram) { i in
            (column[i], gradients[i], hessians[i])
        }
    }

    /// The build both forms share: `row(i)` gives row `i`'s code, gradient and hessian; rows go
    /// to the target alone below `spreadRows`, else in turn to the target and the three spares.
    @inline(__always)
    private static func spreadBuild(
        count: Int, binCount: Int, spare: UnsafeMutablePointer<Double>, into histogram: UnsafeMutablePointer<Double>,
        row: (Int) -> (UInt8, Float, Float)
    ) {
        histogram.update(repeating: 0, count: featureSize)
        var i = 0
        if count >= spreadRows {
            let spares = prepareSpares(spare, binCount: binCount)
            while i &+ 4 <= count {
                add(histogram, row(i))
                add(spares.0, row(i &+ 1))
                add(spares.1, row(i &+ 2))
                add(spares.2, row(i &+ 3))
                i &+= 4
            }
        }
        while i < count {
            add(histogram, row(i))
            i &+= 1
        }
        if count >= spreadRows { mergeSpares(spare, binCount: binCount, into: histogram) }
    }

    @inline(__always)
    private static func add(_ histogram: UnsafeMutablePointer<Double>, _ row: (code: UInt8, gradient: Float, hessian: Float)) {
        let cell = histogram + Int(row.code) &* stride
        cell[0] += Double(row.gradient)
        cell[1] += Double(row.hessian)
    }

    /// Zeroes the cells codes can reach (value bins and the NaN bin) of the three spares.
    @inline(__always)
    private static func prepareSpares(_ spare: UnsafeMutablePointer<Double>, binCount: Int)
        -> (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) {
        let used = min(binCount, bins - 1) * stride
        for copy in 0..<(copies - 1) {
            let base = spare + copy * featureSize
            base.update(repeating: 0, count: used)
            (base + (bins - 1) * stride).update(repeating: 0, count: stride)
        }
        return (spare, spare + featureSize, spare + 2 * featureSize)
    }

    /// `histogram += spare copies` over the value bins and the NaN bin, copies in order.
    @inline(__always)
    private static func mergeSpares(_ spare: UnsafePointer<Double>, binCount: Int, into histogram: UnsafeMutablePointer<Double>) {
        func merge(_ range: Range<Int>) {
            for cell in range {
                histogram[cell] += spare[cell] + spare[featureSize + cell] + spare[2 * featureSize + cell]
            }
        }
        merge(0..<(min(binCount, bins - 1) * stride))
        merge(((bins - 1) * stride)..<featureSize)
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
    }

    /// The best split of one feature over its value bins `0..<binCount` (NaN, code 255, always
    /// right) of a leaf of `count` rows. Both sides need `minCount` rows and `minHessian`
    /// hessian; a side's rows are estimated as its hessian × `count / sumHessian`, rounded,
    /// bin by bin (LightGBM's `cnt_factor`: exact when the hessians of the leaf are equal, as
    /// for squared error). O(binCount).
    @inline(__always)
    static func bestSplit(
        histogram: UnsafePointer<Double>, feature: Int, binCount: Int,
        sumGradient: Double, sumHessian: Double, count: Int,
        minCount: Int, minHessian: Double, l2: Double
    ) -> Candidate {
        var best = Candidate()
        let parentScore = sumGradient * sumGradient / (sumHessian + l2)
        let rowsPerHessian = sumHessian > 0 ? Double(count) / sumHessian : 0
        var gl = 0.0, hl = 0.0, nl = 0
        for bin in 0..<binCount {
            let cell = histogram + bin * stride
            if cell[0] == 0, cell[1] == 0 { continue }
            gl += cell[0]
            hl += cell[1]
            // Clamped: a near-zero hessian sum next to subtraction residues must not overflow.
            let rows = cell[1] * rowsPerHessian
            nl += rows > 0 ? Int(min(rows, Double(count)).rounded()) : 0
            if nl < minCount || hl < minHessian { continue }
            let nr = count - nl, hr = sumHessian - hl
            if nr < minCount || hr < minHessian { break }
            let gr = sumGradient - gl
            let gain = gl * gl / (hl + l2) + gr * gr / (hr + l2) - parentScore
            if gain > best.gain {
                best = Candidate(feature: feature, bin: bin, gain: gain, leftGradient: gl, leftHessian: hl)
            }
        }
        return best
    }
}
