/// A k-d tree over the rows of a contiguous row-major `[Float]`, for exact k-nearest-
/// neighbour queries.
///
/// Built once — O(n log n × columns): each node splits its rows at the median of the
/// dimension with the largest variance (range would chase outliers); leaves hold up to
/// `leafSize` rows, or any number of identical rows — and then read-only, so any number
/// of threads can query it. A query descends to the near side first and visits a far
/// side only when the query's squared distance to that cell (kept per dimension,
/// Arya & Mount) is within the k-th best. Distances are computed exactly as
/// `NearestNeighbours.bruteForce` computes them and ties go to the smaller row index, so
/// both give identical answers (tested). Typical query cost O(log n + visited leaves ×
/// leafSize × columns); it degrades towards a scan when many dimensions are independent.
struct KDTree: Sendable {
    struct Node: Sendable {
        /// Split dimension, or −1 for a leaf.
        var dimension: Int32
        var split: Float
        /// Children (inner node) — or the row range in `order` (leaf).
        var left: Int32
        var right: Int32
        var start: Int32
        var end: Int32
    }

    static let leafSize = 16

    let points: [Float]
    let rows: Int
    let columns: Int
    /// Row indices, permuted so that each leaf's rows are contiguous.
    private(set) var order: [Int32]
    private(set) var nodes: [Node] = []

    init(points: [Float], rows: Int, columns: Int) {
        self.points = points
        self.rows = rows
        self.columns = columns
        order = (0..<Int32(rows)).map { $0 }
        nodes.reserveCapacity(max(1, 2 * rows / Self.leafSize + 1))
        _ = build(0, rows)
    }

    /// Builds the subtree over `order[start..<end]` and returns its node index.
    private mutating func build(_ start: Int, _ end: Int) -> Int32 {
        let index = Int32(nodes.count)
        nodes.append(Node(dimension: -1, split: 0, left: -1, right: -1, start: Int32(start), end: Int32(end)))
        guard end - start > Self.leafSize else { return index }
        // The dimension with the largest variance over these rows (range would chase outliers).
        var bestDimension = -1
        var bestSpread = 0.0
        points.withUnsafeBufferPointer { values in
            let n = Double(end - start)
            for c in 0..<columns {
                var sum = 0.0
                var squares = 0.0
                var low = Float.infinity
                var high = -Float.infinity
                for i in start..<end {
                    let v = values[Int(order[i]) * columns + c]
                    sum += Double(v)
                    squares += Double(v) * Double(v)
                    if v < low { low = v }
                    if v > high { high = v }
                }
                let spread = squares / n - (sum / n) * (sum / n)
                if high > low && spread > bestSpread {
                    bestSpread = spread
                    bestDimension = c
                }
            }
        }
        guard bestDimension >= 0 else { return index } // all rows identical: one leaf
        let middle = start + (end - start) / 2
        let split = selectMedian(start, end, middle, dimension: bestDimension)
        let left = build(start, middle)
        let right = build(middle, end)
        nodes[Int(index)] = Node(dimension: Int32(bestDimension), split: split, left: left, right: right,
                                 start: Int32(start), end: Int32(end))
        return index
    }

    /// Reorders `order[start..<end]` so that position `k` holds the row with the k-th
    /// smallest coordinate in `dimension`, rows before it ≤ and rows after it ≥; returns
    /// that coordinate.
    private mutating func selectMedian(_ start: Int, _ end: Int, _ k: Int, dimension: Int) -> Float {
        let columns = self.columns
        return points.withUnsafeBufferPointer { values -> Float in
            order.withUnsafeMutableBufferPointer { order -> Float in
                func key(_ i: Int) -> Float { values[Int(order[i]) * columns + dimension] }
                var low = start
                var high = end - 1
                while high > low {
                    let middle = low + (high - low) / 2
                    if key(middle) < key(low) { order.swapAt(middle, low) }
                    if key(high) < key(low) { order.swapAt(high, low) }
                    if key(high) < key(middle) { order.swapAt(high, middle) }
                    let pivot = key(middle)
                    var i = low
                    var j = high
                    while i <= j {
                        while key(i) < pivot { i += 1 }
                        while key(j) > pivot { j -= 1 }
                        if i <= j {
                            order.swapAt(i, j)
                            i += 1
                            j -= 1
                        }
                    }
                    if k <= j {
                        high = j
                    } else if k >= i {
                        low = i
                    } else {
                        break
                    }
                }
                return key(k)
            }
        }
    }

    /// The `k` nearest rows to row `query` (itself excluded), nearest first, written to
    /// `out[0..<k]`. `bestDistance` / `bestIndex` (size k) and `offsets` (size columns) are
    /// caller-provided scratch.
    ///
    /// Pruning uses the squared distance from the query to a subtree's cell, kept
    /// incrementally per dimension in Double; a subtree is skipped only when that bound
    /// exceeds the k-th best by more than Float rounding of the distances could explain
    /// (relative 1e-4, absolute 1e-30 for underflow), so the answer is exactly the
    /// brute-force one.
    func nearest(to query: Int, k: Int, out: UnsafeMutablePointer<Int32>,
                 bestDistance: inout [Float], bestIndex: inout [Int32], offsets: inout [Double]) {
        for i in 0..<k {
            bestDistance[i] = .infinity
            bestIndex[i] = Int32.max
        }
        for c in 0..<columns { offsets[c] = 0 }
        let columns = self.columns
        points.withUnsafeBufferPointer { values in
            order.withUnsafeBufferPointer { order in
                nodes.withUnsafeBufferPointer { nodes in
                    bestDistance.withUnsafeMutableBufferPointer { bestDistance in
                        bestIndex.withUnsafeMutableBufferPointer { bestIndex in
                            offsets.withUnsafeMutableBufferPointer { offsets in
                                guard let base = values.baseAddress else { return }
                                let x = base + query * columns
                                func visit(_ index: Int, _ bound: Double) {
                                    let node = nodes[index]
                                    if node.dimension < 0 {
                                        for position in Int(node.start)..<Int(node.end) {
                                            let j = Int(order[position])
                                            if j == query { continue }
                                            let worst = bestDistance[k - 1]
                                            guard let distance = NearestNeighbours.distance(x, base + j * columns, columns: columns, limit: worst) else {
                                                continue
                                            }
                                            let candidate = Int32(j)
                                            guard distance < worst || candidate < bestIndex[k - 1] else { continue }
                                            var slot = k - 1
                                            while slot > 0 && (distance < bestDistance[slot - 1]
                                                               || (distance == bestDistance[slot - 1] && candidate < bestIndex[slot - 1])) {
                                                bestDistance[slot] = bestDistance[slot - 1]
                                                bestIndex[slot] = bestIndex[slot - 1]
                                                slot -= 1
                                            }
                                            bestDistance[slot] = distance
                                            bestIndex[slot] = candidate
                                        }
                                        return
                                    }
                                    let dimension = Int(node.dimension)
                                    let delta = Double(x[dimension]) - Double(node.split)
                                    let (near, far) = delta < 0 ? (node.left, node.right) : (node.right, node.left)
                                    visit(Int(near), bound)
                                    let old = offsets[dimension]
                                    let farBound = bound - old * old + delta * delta
                                    if farBound <= Double(bestDistance[k - 1]) * (1 + 1e-4) + 1e-30 {
                                        offsets[dimension] = delta
                                        visit(Int(far), farBound)
                                        offsets[dimension] = old
                                    }
                                }
                                visit(0, 0)
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<k { out[i] = bestIndex[i] }
    }
}
