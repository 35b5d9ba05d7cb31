import IoTData

/// SMOTE (Chawla et al., 2002) within one class.
///
/// Synthetic row `t` draws, from its own generator (stream `t` of the class's seed — so
/// the output does not depend on the thread count): a seed row `a` uniformly among the
/// class's rows, one of `a`'s k nearest same-class rows `b` uniformly, and `u` uniform in
/// [0, 1); the row is `a + u × (b − a)`, computed in Double and rounded once to Float, so
/// it lies on the segment between two real rows and inside the class's bounding box.
/// Only the seed rows actually drawn are searched for neighbours (exact, brute force).
///
/// Time O(min(n, s) × n × columns + s × columns) for n real rows and s synthetic rows.
enum SMOTE {
    /// The random choices of every synthetic row.
    struct Draws: Sendable {
        var seedRow: [Int]
        var rank: [Int]
        var step: [Float]

        init(count: Int, rows n: Int, k: Int, seed: UInt64, stream: UInt64) {
            seedRow = [Int](repeating: 0, count: count)
            rank = [Int](repeating: 0, count: count)
            step = [Float](repeating: 0, count: count)
            let base = SplitMix64.salted(seed, "smote.\(stream)")
            for t in 0..<count {
                var generator = SplitMix64(seed: base, stream: UInt64(t))
                seedRow[t] = generator.nextIndex(below: n)
                rank[t] = generator.nextIndex(below: k)
                step[t] = generator.nextUnitFloat()
            }
        }
    }

    /// Writes `count` synthetic rows of the class whose rows are `points` (n × columns,
    /// row-major) into `output` (count × columns), and their origins (local row indices)
    /// into `origins` when given. Requires n ≥ 2 and 1 ≤ k ≤ n − 1.
    static func synthesize(points: [Float], rows n: Int, columns: Int, count: Int, k: Int, seed: UInt64, stream: UInt64,
                           threads: Int, output: UnsafeMutablePointer<Float>, origins: UnsafeMutablePointer<RowOrigin>?) {
        guard count > 0 else { return }
        precondition(n >= 2 && k >= 1 && k <= n - 1, "SMOTE.synthesize: n = \(n), k = \(k)")
        let draws = Draws(count: count, rows: n, k: k, seed: seed, stream: stream)
        // Neighbours of the distinct seed rows drawn, in ascending row order.
        var drawn = [Bool](repeating: false, count: n)
        for a in draws.seedRow { drawn[a] = true }
        var queryOf = [Int](repeating: -1, count: n)
        var queries: [Int] = []
        for a in 0..<n where drawn[a] {
            queryOf[a] = queries.count
            queries.append(a)
        }
        let neighbours = NearestNeighbours.search(points: points, rows: n, columns: columns, queries: queries, k: k, threads: threads)
        let lookup = queryOf
        // Interpolation, straight into the output.
        let outputAddress = UInt(bitPattern: output)
        let originAddress = UInt(bitPattern: origins)
        Parallel.forEachRange(count: count, threads: threads) { range in
            guard let out = UnsafeMutablePointer<Float>(bitPattern: outputAddress) else { return }
            let originOut = UnsafeMutablePointer<RowOrigin>(bitPattern: originAddress)
            points.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for t in range {
                    let a = draws.seedRow[t]
                    let b = Int(neighbours[lookup[a] * k + draws.rank[t]])
                    let u = Double(draws.step[t])
                    let x = base + a * columns
                    let y = base + b * columns
                    let target = out + t * columns
                    for c in 0..<columns {
                        let xa = Double(x[c])
                        target[c] = Float(xa + u * (Double(y[c]) - xa))
                    }
                    originOut?[t] = RowOrigin(row: a, neighbour: b, step: draws.step[t])
                }
            }
        }
    }
}
