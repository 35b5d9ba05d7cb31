/// The multinomial logistic-regression objective, scaled like scikit-learn ≥ 1.1's
/// `LinearModelLoss`:
///
///     F(W, b) = (1/S)·Σᵢ wᵢ·CEᵢ + ‖W‖² / (2·C·S),   CEᵢ = −log softmax(W·xᵢ + b)[yᵢ]
///
/// with row weights `wᵢ` (1 when unweighted), `S = Σᵢ wᵢ`, and the intercepts `b` not
/// penalised. That is scikit-learn's `0.5·‖W‖² + C·Σᵢ wᵢ·CEᵢ` divided by `C·S`, so both have
/// the same minimiser. Parameters are one flat vector `θ = [W (classes × features,
/// row-major), b (classes)]`.
struct SoftmaxObjective {
    let data: TrainingData
    let totalWeight: Double
    let inverseRegularization: Double
    /// Rows per `sgemm` block in full-batch evaluation (bounds scratch memory to
    /// `blockRows × classes` floats whatever the row count).
    var blockRows = 4096

    var classCount: Int { data.classCount }
    var featureCount: Int { data.features.columnCount }
    var parameterCount: Int { classCount * (featureCount + 1) }

    /// Weighted cross-entropy sum of `rows` contiguous rows at `x` and its gradient:
    /// `gradient[0..<K·D] = Σ wᵢ(pᵢ − yᵢ)xᵢᵀ`, `gradient[K·D..<K·(D+1)] = Σ wᵢ(pᵢ − yᵢ)`
    /// (overwritten, unnormalised, no L2 term). `scores` is scratch for `rows × K` floats.
    /// Two `sgemm`s, O(rows·K·D).
    static func accumulate(
        x: UnsafePointer<Float>, rows: Int, labels: UnsafePointer<Int32>, rowWeights: UnsafePointer<Float>?,
        parameters: UnsafePointer<Float>, classCount: Int, featureCount: Int,
        scores: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>
    ) -> Double {
        let (k, d) = (classCount, featureCount)
        let intercepts = parameters + k * d
        BLAS.gemm(transposeB: true, m: rows, n: k, k: d, a: x, lda: d, b: parameters, ldb: d, beta: 0, c: scores, ldc: k)
        var loss = 0.0
        let gradientB = gradient + k * d
        for c in 0..<k { gradientB[c] = 0 }
        for r in 0..<rows {
            let z = scores + r * k
            for c in 0..<k { z[c] += intercepts[c] }
            let label = Int(labels[r])
            let crossEntropy = Softmax.inPlaceWithCrossEntropy(z, width: k, label: label)
            z[label] -= 1
            if let rowWeights {
                let w = rowWeights[r]
                loss += Double(w) * crossEntropy
                for c in 0..<k { z[c] *= w }
            } else {
                loss += crossEntropy
            }
            for c in 0..<k { gradientB[c] += z[c] }
        }
        BLAS.gemm(transposeA: true, m: k, n: d, k: rows, a: scores, lda: k, b: x, ldb: d, beta: 0, c: gradient, ldc: d)
        return loss
    }

    /// `F(θ)` over all rows and `∇F(θ)` in `gradient`, evaluated block by block in `Float`
    /// (`sgemm`) and summed in `Double`. O(rows·K·D); scratch O(blockRows·K + K·D).
    func evaluate(_ theta: [Double], gradient: inout [Double]) -> Double {
        let (k, d) = (classCount, featureCount)
        let parameters = theta.map { Float($0) }
        var blockGradient = [Float](repeating: 0, count: parameterCount)
        var scores = [Float](repeating: 0, count: min(blockRows, data.rowCount) * k)
        for i in 0..<gradient.count { gradient[i] = 0 }
        var lossSum = 0.0
        data.features.values.withUnsafeBufferPointer { xAll in
            data.labels.withUnsafeBufferPointer { labels in
                parameters.withUnsafeBufferPointer { p in
                    blockGradient.withUnsafeMutableBufferPointer { g in
                        scores.withUnsafeMutableBufferPointer { s in
                            guard let xBase = xAll.baseAddress, let labelBase = labels.baseAddress, let pBase = p.baseAddress,
                                  let gBase = g.baseAddress, let sBase = s.baseAddress else { return }
                            var start = 0
                            while start < data.rowCount {
                                let rows = min(blockRows, data.rowCount - start)
                                let blockLoss = data.weights.map { weights in
                                    weights.withUnsafeBufferPointer { w in
                                        Self.accumulate(
                                            x: xBase + start * d, rows: rows, labels: labelBase + start, rowWeights: w.baseAddress.map { $0 + start },
                                            parameters: pBase, classCount: k, featureCount: d, scores: sBase, gradient: gBase)
                                    }
                                } ?? Self.accumulate(
                                    x: xBase + start * d, rows: rows, labels: labelBase + start, rowWeights: nil,
                                    parameters: pBase, classCount: k, featureCount: d, scores: sBase, gradient: gBase)
                                lossSum += blockLoss
                                for i in 0..<parameterCount { gradient[i] += Double(gBase[i]) }
                                start += rows
                            }
                        }
                    }
                }
            }
        }
        let inverseS = 1 / totalWeight
        let penalty = 1 / (inverseRegularization * totalWeight)
        var squaredNorm = 0.0
        for i in 0..<(k * d) {
            squaredNorm += theta[i] * theta[i]
            gradient[i] = gradient[i] * inverseS + penalty * theta[i]
        }
        for i in (k * d)..<parameterCount { gradient[i] *= inverseS }
        return lossSum * inverseS + 0.5 * penalty * squaredNorm
    }
}
