import CTreeWalk

/// Class-weight histograms and the Gini split search, shared by the random forest and the
/// AdaBoost stumps.
///
/// Layout: per feature 256 bins × `stride` doubles, `stride = classCount + 1`: the weight of
/// each class in the bin, then the bin's row count. A bin range `lowBin...highBin` per feature
/// is tracked while accumulating, so scanning and clearing cost O(range × classCount), not
/// O(256 × classCount), in small nodes. Histograms must be all zero before accumulating;
/// `clear` restores that after a scan.
enum ClassHistogram {
    static let bins = 256
    /// How many rows ahead the row-list loops prefetch a row's codes (the rows of a deep node
    /// are scattered; waiting for each one's cache line was a tenth of forest training).
    static let prefetchRows = 16

    /// Starts loading the codes of row `positions[min(i + prefetchRows, count − 1)]`.
    @inline(__always)
    static func prefetchRow(codes: UnsafePointer<UInt8>, rowStride: Int, positions: UnsafePointer<Int32>, i: Int, count: Int) {
        let row = codes + Int(positions[min(i &+ prefetchRows, count &- 1)]) &* rowStride
        iot_prefetch(row)
        iot_prefetch(row + (rowStride &- 1))
    }

    /// Adds rows `positions[0..<count]` into the histograms of `features[0..<featureCount]`
    /// (histogram `j` at `histograms + j × 256 × stride`), and widens `lowBins[j]...highBins[j]`
    /// to the codes seen. `codes` is row-major (`codes[row × rowStride + feature]`), so one
    /// row's codes share a cache line: rows outer, features inner. `labels[i]` and `weights[i]`
    /// belong to `positions[i]` (kept in step with the positions by the grower, so they are read
    /// sequentially, not gathered from scattered rows). O(count × featureCount), plus O(256 × featureCount) for nodes of at least
    /// `rangeScanRows` rows, whose bin range is read off the count slots afterwards instead of
    /// being tracked per row (the per-row min/max is a store-to-load chain per feature).
    @inline(__always)
    static func accumulate(
        rowMajorCodes codes: UnsafePointer<UInt8>, rowStride: Int, features: UnsafePointer<Int>, featureCount: Int,
        positions: UnsafePointer<Int32>, count: Int, labels: UnsafePointer<UInt8>, weights: UnsafePointer<Float>,
        stride: Int, histograms: UnsafeMutablePointer<Double>, lowBins: UnsafeMutablePointer<Int>, highBins: UnsafeMutablePointer<Int>
    ) {
        let countSlot = stride - 1
        let histogramSize = bins * stride
        if count >= rangeScanRows {
            for i in 0..<count {
                let label = Int(labels[i])
                let weight = Double(weights[i])
                prefetchRow(codes: codes, rowStride: rowStride, positions: positions, i: i, count: count)
                let rowCodes = codes + Int(positions[i]) * rowStride
                for j in 0..<featureCount {
                    let cell = histograms + j * histogramSize + Int(rowCodes[features[j]]) * stride
                    cell[label] += weight
                    cell[countSlot] += 1
                }
            }
            for j in 0..<featureCount {
                let histogram = histograms + j * histogramSize
                var low = 0, high = bins - 1
                while low < bins, histogram[low * stride + countSlot] == 0 { low += 1 }
                while high > low, histogram[high * stride + countSlot] == 0 { high -= 1 }
                if low < bins {
                    lowBins[j] = min(lowBins[j], low)
                    highBins[j] = max(highBins[j], high)
                }
            }
            return
        }
        for i in 0..<count {
            let label = Int(labels[i])
            let weight = Double(weights[i])
            prefetchRow(codes: codes, rowStride: rowStride, positions: positions, i: i, count: count)
            let rowCodes = codes + Int(positions[i]) * rowStride
            for j in 0..<featureCount {
                let code = Int(rowCodes[features[j]])
                let cell = histograms + j * histogramSize + code * stride
                cell[label] += weight
                cell[countSlot] += 1
                lowBins[j] = min(lowBins[j], code)
                highBins[j] = max(highBins[j], code)
            }
        }
    }

    /// Nodes with at least this many rows find their bin range by scanning the 256 count slots.
    static let rangeScanRows = 1024

    /// Adds every row `0..<count` of one column-major feature column into one histogram and
    /// widens `lowBin...highBin` (AdaBoost's stumps: all rows, one feature per task). O(count).
    @inline(__always)
    static func accumulate(
        column: UnsafePointer<UInt8>, count: Int, labels: UnsafePointer<UInt8>, weights: UnsafePointer<Float>,
        stride: Int, histogram: UnsafeMutablePointer<Double>, lowBin: inout Int, highBin: inout Int
    ) {
        let countSlot = stride - 1
        var low = lowBin, high = highBin
        for row in 0..<count {
            let code = Int(column[row])
            let cell = histogram + code * stride
            cell[Int(labels[row])] += Double(weights[row])
            cell[countSlot] += 1
            low = min(low, code)
            high = max(high, code)
        }
        lowBin = low
        highBin = high
    }

    /// The best split of one feature's histogram over bins `lowBin..<highBin` (a split at
    /// `highBin` would leave the right side empty), given the node's class weights `totals`,
    /// total weight and row count. Both sides need `minLeaf` rows. `left` is scratch
    /// (`classCount` doubles). Returns nil when no position is valid. O(range × classCount).
    @inline(__always)
    static func bestSplit(
        histogram: UnsafePointer<Double>, lowBin: Int, highBin: Int, classCount: Int,
        totals: UnsafePointer<Double>, totalWeight: Double, totalCount: Int, minLeaf: Int,
        left: UnsafeMutablePointer<Double>
    ) -> (bin: Int, score: Double, leftCount: Int, leftWeight: Double)? {
        let stride = classCount + 1
        for c in 0..<classCount { left[c] = 0 }
        var leftCount = 0
        var leftWeight = 0.0
        var bestBin = -1, bestScore = -Double.infinity, bestCount = 0, bestWeight = 0.0
        var bin = lowBin
        while bin < highBin {
            let cell = histogram + bin * stride
            let rows = Int(cell[classCount])
            if rows > 0 {
                var binWeight = 0.0
                for c in 0..<classCount {
                    left[c] += cell[c]
                    binWeight += cell[c]
                }
                leftCount += rows
                leftWeight += binWeight
                if totalCount - leftCount < minLeaf { break }
                if leftCount >= minLeaf {
                    let rightWeight = totalWeight - leftWeight
                    if leftWeight > 0, rightWeight > 0 {
                        var sumLeft = 0.0, sumRight = 0.0
                        for c in 0..<classCount {
                            let l = left[c], r = totals[c] - l
                            sumLeft += l * l
                            sumRight += r * r
                        }
                        let score = sumLeft / leftWeight + sumRight / rightWeight
                        if bestBin < 0 || score > bestScore {
                            (bestBin, bestScore, bestCount, bestWeight) = (bin, score, leftCount, leftWeight)
                        }
                    }
                }
            }
            bin += 1
        }
        return bestBin < 0 ? nil : (bestBin, bestScore, bestCount, bestWeight)
    }

    /// Zeroes bins `lowBin...highBin` of one histogram.
    @inline(__always)
    static func clear(_ histogram: UnsafeMutablePointer<Double>, lowBin: Int, highBin: Int, stride: Int) {
        guard highBin >= lowBin else { return }
        (histogram + lowBin * stride).update(repeating: 0, count: (highBin - lowBin + 1) * stride)
    }

    /// Class weights of bins `0...bin` of one histogram into `left`.
    @inline(__always)
    static func leftTotals(histogram: UnsafePointer<Double>, lowBin: Int, bin: Int, classCount: Int, into left: UnsafeMutablePointer<Double>) {
        let stride = classCount + 1
        for c in 0..<classCount { left[c] = 0 }
        guard bin >= lowBin else { return }
        for b in lowBin...bin {
            for c in 0..<classCount { left[c] += histogram[b * stride + c] }
        }
    }
}
