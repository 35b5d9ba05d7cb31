import IoTData

/// A fully connected network (the reference study's DNN): `features → hidden… → classes`,
/// ReLU after each hidden layer, softmax output; trained with dropout, Adam and categorical
/// cross-entropy (`+Fit`).
///
/// Inference: batches go through `sgemm` layer by layer in blocks of `inferenceBlockRows`
/// rows (O(rows·Σ widthₗ·widthₗ₋₁), scratch `2 × block × widest layer` floats); a single
/// row uses stack scratch from `withUnsafeTemporaryAllocation` (no heap allocation while the
/// widest layer is small enough for the stack — 2 × 128 floats by default). Inputs must be
/// scaled. Immutable value; safe to share across threads.
public struct NeuralNetworkClassifier: Classifier, Sendable {
    public static let kind = ModelKind.neuralNetwork
    /// Rows per block in batch inference.
    static let inferenceBlockRows = 1024

    let layout: DenseNetworkLayout
    /// All weights and biases, in `DenseNetworkLayout` order.
    public let parameters: [Float]
    /// Epochs run, whether early stopping ended the fit, and the kept epoch's losses.
    public let convergence: ConvergenceReport

    /// `[features, hidden₁, …, classes]`.
    public var layerWidths: [Int] { layout.widths }
    public var classCount: Int { layout.classCount }
    public var featureCount: Int { layout.featureCount }

    init(layout: DenseNetworkLayout, parameters: [Float], convergence: ConvergenceReport) {
        precondition(parameters.count == layout.parameterCount, "NeuralNetworkClassifier: \(parameters.count) parameters for \(layout.widths)")
        self.layout = layout
        self.parameters = parameters
        self.convergence = convergence
    }

    /// Softmax outputs for every row, through `sgemm` per layer and block.
    public func predictProbabilities(_ features: FeatureMatrix) -> [Float] {
        precondition(features.columnCount == featureCount, "expected \(featureCount) feature columns, got \(features.columnCount)")
        let rows = features.rowCount
        var out = [Float](repeating: 0, count: rows * classCount)
        guard rows > 0 else { return out }
        let block = min(rows, Self.inferenceBlockRows)
        let scratch = UnsafeMutableBufferPointer<Float>.zeroed(2 * block * layout.maxWidth)
        defer { scratch.deallocate() }
        guard let scratchBase = scratch.baseAddress else { return out }
        parameters.withUnsafeBufferPointer { p in
            features.values.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { o in
                    guard let pBase = p.baseAddress, let xBase = x.baseAddress, let oBase = o.baseAddress else { return }
                    var start = 0
                    while start < rows {
                        let count = min(block, rows - start)
                        Self.forward(
                            layout: layout, parameters: pBase, input: xBase + start * featureCount, rows: count,
                            scratch: scratchBase, scratchStride: block * layout.maxWidth, output: oBase + start * classCount)
                        start += count
                    }
                }
            }
        }
        return out
    }

    /// Softmax outputs for one row; O(Σ widthₗ·widthₗ₋₁), no heap allocation (stack scratch).
    /// Layers use `FusedMatrixVector`, the arithmetic of OpenBLAS's x86-64 kernels, so this
    /// matches the batch path to rounding (bit-for-bit where those kernels run).
    public func predictProbabilities(row: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        precondition(row.count == featureCount && probabilities.count >= classCount, "row or output has the wrong size")
        let widths = layout.widths
        let last = layout.layerCount
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * layout.maxWidth) { scratch in
            parameters.withUnsafeBufferPointer { p in
                guard let s = scratch.baseAddress, let pBase = p.baseAddress, let x = row.baseAddress, let out = probabilities.baseAddress else {
                    return
                }
                var input = UnsafePointer(x)
                for l in 1...last {
                    let (inWidth, outWidth) = (widths[l - 1], widths[l])
                    let target = l == last ? out : s + (l % 2) * layout.maxWidth
                    let b = pBase + layout.biasOffsets[l]
                    FusedMatrixVector.multiply(weights: pBase + layout.weightOffsets[l], rows: outWidth, columns: inWidth, input: input, output: target)
                    if l == last {
                        for o in 0..<outWidth { target[o] += b[o] }
                    } else {
                        for o in 0..<outWidth { target[o] = max(target[o] + b[o], 0) }
                    }
                    input = UnsafePointer(target)
                }
                Softmax.inPlace(out, width: widths[last])
            }
        }
    }

    /// `nil`: a network has no faithful per-feature importance without an attribution method.
    public var featureImportances: [Float]? { nil }

    /// Inference forward pass for `rows` contiguous rows at `input`, writing softmax outputs
    /// (`rows × classes`) to `output`. `scratch` holds two regions of `scratchStride ≥
    /// rows × maxWidth` floats. Shared with training (validation loss).
    static func forward(
        layout: DenseNetworkLayout, parameters: UnsafePointer<Float>, input: UnsafePointer<Float>, rows: Int,
        scratch: UnsafeMutablePointer<Float>, scratchStride: Int, output: UnsafeMutablePointer<Float>
    ) {
        let widths = layout.widths
        let last = layout.layerCount
        var current = input
        for l in 1...last {
            let (inWidth, outWidth) = (widths[l - 1], widths[l])
            let target = l == last ? output : scratch + (l % 2) * scratchStride
            BLAS.gemm(transposeB: true, m: rows, n: outWidth, k: inWidth, a: current, lda: inWidth,
                      b: parameters + layout.weightOffsets[l], ldb: inWidth, beta: 0, c: target, ldc: outWidth)
            let bias = parameters + layout.biasOffsets[l]
            for r in 0..<rows {
                let z = target + r * outWidth
                if l == last {
                    for o in 0..<outWidth { z[o] += bias[o] }
                    Softmax.inPlace(z, width: outWidth)
                } else {
                    for o in 0..<outWidth { z[o] = max(z[o] + bias[o], 0) }
                }
            }
            current = UnsafePointer(target)
        }
    }
}
