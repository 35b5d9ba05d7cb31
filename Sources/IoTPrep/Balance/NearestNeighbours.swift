/// Exact k-nearest-neighbour search within one class, over a contiguous row-major `[Float]`.
///
/// Distance: squared Euclidean, accumulated in Float with four partial sums in a fixed
/// order (`distance`); ties go to the smaller row index; a query never returns itself.
/// `search` uses a `KDTree`; `bruteForce` scans every row and is the reference the tests
/// compare it with — both return identical neighbours. Queries run in parallel, each
/// independent of the others, so the result does not depend on the thread count.
enum NearestNeighbours {
    /// For each query row (an index into `points`), its `k` nearest other rows, nearest
    /// first: `result[q × k ..< (q + 1) × k]`. Requires 1 ≤ k ≤ rows − 1.
    /// Time: O(n log n) to build the tree plus one tree query per query row.
    static func search(points: [Float], rows: Int, columns: Int, queries: [Int], k: Int, threads: Int) -> [Int32] {
        precondition(k >= 1 && k <= rows - 1, "NearestNeighbours.search: k = \(k) for \(rows) rows")
        let tree = KDTree(points: points, rows: rows, columns: columns)
        return forEachQuery(queries.count, k: k, columns: columns, threads: threads) { q, out, distances, indices, offsets in
            tree.nearest(to: queries[q], k: k, out: out, bestDistance: &distances, bestIndex: &indices, offsets: &offsets)
        }
    }

    /// The same answer as `search` by scanning every row: O(queries × rows × columns).
    static func bruteForce(points: [Float], rows: Int, columns: Int, queries: [Int], k: Int, threads: Int) -> [Int32] {
        precondition(k >= 1 && k <= rows - 1, "NearestNeighbours.bruteForce: k = \(k) for \(rows) rows")
        return forEachQuery(queries.count, k: k, columns: columns, threads: threads) { q, out, bestDistance, bestIndex, _ in
            points.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                let query = queries[q]
                let x = base + query * columns
                for i in 0..<k {
                    bestDistance[i] = .infinity
                    bestIndex[i] = Int32.max
                }
                for j in 0..<rows where j != query {
                    guard let distance = Self.distance(x, base + j * columns, columns: columns, limit: bestDistance[k - 1]),
                          distance < bestDistance[k - 1] else { continue } // rows ascend: "<" keeps the earlier on ties
                    var slot = k - 1
                    while slot > 0 && distance < bestDistance[slot - 1] {
                        bestDistance[slot] = bestDistance[slot - 1]
                        bestIndex[slot] = bestIndex[slot - 1]
                        slot -= 1
                    }
                    bestDistance[slot] = distance
                    bestIndex[slot] = Int32(j)
                }
                for i in 0..<k { out[i] = bestIndex[i] }
            }
        }
    }

    /// Squared distance between two rows, or `nil` as soon as the partial sum exceeds
    /// `limit` (partial sums only grow, so the final value would exceed it too).
    @inline(__always)
    static func distance(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, columns: Int, limit: Float) -> Float? {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var c = 0
        while c + 4 <= columns {
            let d0 = x[c] - y[c], d1 = x[c + 1] - y[c + 1], d2 = x[c + 2] - y[c + 2], d3 = x[c + 3] - y[c + 3]
            s0 += d0 * d0
            s1 += d1 * d1
            s2 += d2 * d2
            s3 += d3 * d3
            c += 4
            if c & 15 == 0 && (s0 + s1) + (s2 + s3) > limit { return nil }
        }
        while c < columns {
            let d0 = x[c] - y[c]
            s0 += d0 * d0
            c += 1
        }
        let total = (s0 + s1) + (s2 + s3)
        return total > limit ? nil : total
    }

    /// Runs `body(query, out, distanceScratch, indexScratch, offsetScratch)` for every
    /// query in parallel, `out` pointing at the query's k result slots.
    private static func forEachQuery(_ count: Int, k: Int, columns: Int, threads: Int,
                                     _ body: @Sendable (Int, UnsafeMutablePointer<Int32>, inout [Float], inout [Int32], inout [Double]) -> Void) -> [Int32] {
        var result = [Int32](repeating: -1, count: count * k)
        result.withUnsafeMutableBufferPointer { buffer in
            let address = UInt(bitPattern: buffer.baseAddress)
            Parallel.forEachRange(count: count, threads: threads) { range in
                guard let out = UnsafeMutablePointer<Int32>(bitPattern: address) else { return }
                var distances = [Float](repeating: .infinity, count: k)
                var indices = [Int32](repeating: -1, count: k)
                var offsets = [Double](repeating: 0, count: columns)
                for q in range { body(q, out + q * k, &distances, &indices, &offsets) }
            }
        }
        return result
    }
}
