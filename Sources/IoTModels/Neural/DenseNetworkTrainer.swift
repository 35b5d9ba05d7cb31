import Foundation
import IoTData

/// The training workspace of a `NeuralNetworkClassifier`: parameters, gradient and per-layer
/// activation buffers for batches of up to `capacity` rows, all contiguous `Float` memory
/// owned by this object (freed in `deinit`). One forward + backward pass costs
/// 3 `sgemm`s per layer (2 for the first), O(rows·Σ widthₗ·widthₗ₋₁).
final class DenseNetworkTrainer {
    let layout: DenseNetworkLayout
    let capacity: Int
    let parameters: UnsafeMutableBufferPointer<Float>
    let gradient: UnsafeMutableBufferPointer<Float>
    /// `activations[l]`: layer `l`'s outputs (`capacity × widths[l]`) for `l = 1…layerCount`
    /// (ReLU and dropout applied for hidden layers, softmax for the last); index 0 unused.
    private var activations: [UnsafeMutablePointer<Float>]
    private let deltaA: UnsafeMutablePointer<Float>
    private let deltaB: UnsafeMutablePointer<Float>

    init(layout: DenseNetworkLayout, capacity: Int, parameters initial: [Float]) {
        precondition(initial.count == layout.parameterCount)
        self.layout = layout
        self.capacity = max(1, capacity)
        parameters = .zeroed(layout.parameterCount)
        _ = parameters.update(fromContentsOf: initial)
        gradient = .zeroed(layout.parameterCount)
        activations = [UnsafeMutablePointer<Float>.allocate(capacity: 1)]
        for l in 1...layout.layerCount {
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: self.capacity * layout.widths[l])
            buffer.initialize(repeating: 0, count: self.capacity * layout.widths[l])
            activations.append(buffer)
        }
        deltaA = .allocate(capacity: self.capacity * layout.maxWidth)
        deltaA.initialize(repeating: 0, count: self.capacity * layout.maxWidth)
        deltaB = .allocate(capacity: self.capacity * layout.maxWidth)
        deltaB.initialize(repeating: 0, count: self.capacity * layout.maxWidth)
    }

    deinit {
        parameters.deallocate()
        gradient.deallocate()
        for buffer in activations { buffer.deallocate() }
        deltaA.deallocate()
        deltaB.deallocate()
    }

    /// He initialisation: weights `N(0, 2/fan_in)` (Box–Muller on `generator`), biases 0.
    static func heInitialisedParameters(layout: DenseNetworkLayout, generator: inout SplitMix64) -> [Float] {
        var parameters = [Float](repeating: 0, count: layout.parameterCount)
        for l in 1...layout.layerCount {
            let fanIn = layout.widths[l - 1]
            let deviation = (2 / Double(fanIn)).squareRoot()
            let start = layout.weightOffsets[l]
            let count = layout.widths[l] * fanIn
            var i = 0
            while i < count {
                // Box–Muller: two independent standard normals from two uniforms in (0, 1].
                let u1 = (Double(generator.next() >> 11) + 1) * 0x1p-53
                let u2 = Double(generator.next() >> 11) * 0x1p-53
                let radius = (-2 * Foundation.log(u1)).squareRoot()
                parameters[start + i] = Float(deviation * radius * Foundation.cos(2 * .pi * u2))
                if i + 1 < count { parameters[start + i + 1] = Float(deviation * radius * Foundation.sin(2 * .pi * u2)) }
                i += 2
            }
        }
        return parameters
    }

    /// Forward and backward pass over `rows` contiguous input rows. Returns `Σᵢ wᵢ·CEᵢ` and
    /// leaves in `gradient` the gradient of `Σᵢ wᵢ·CEᵢ / normaliser + λ/2·‖W‖²`.
    ///
    /// With `dropout > 0` and a `generator`, each hidden output is kept with probability
    /// `1 − dropout` (scaled by `1/(1 − dropout)`); otherwise the pass is deterministic.
    func lossAndGradient(
        input: UnsafePointer<Float>, rows: Int, labels: UnsafePointer<Int32>, weights: UnsafePointer<Float>?,
        normaliser: Double, dropout: Float, l2: Float, generator: inout SplitMix64
    ) -> Double {
        precondition(rows <= capacity)
        let widths = layout.widths
        let last = layout.layerCount
        guard let p = parameters.baseAddress, let g = gradient.baseAddress else { return .nan }
        let keepScale: Float = dropout > 0 ? 1 / (1 - dropout) : 1

        // Forward.
        for l in 1...last {
            let (inWidth, outWidth) = (widths[l - 1], widths[l])
            let source = l == 1 ? input : UnsafePointer(activations[l - 1])
            let target = activations[l]
            BLAS.gemm(transposeB: true, m: rows, n: outWidth, k: inWidth, a: source, lda: inWidth,
                      b: p + layout.weightOffsets[l], ldb: inWidth, beta: 0, c: target, ldc: outWidth)
            let bias = p + layout.biasOffsets[l]
            if l == last {
                for r in 0..<rows {
                    let z = target + r * outWidth
                    for o in 0..<outWidth { z[o] += bias[o] }
                }
            } else if dropout > 0 {
                for r in 0..<rows {
                    let z = target + r * outWidth
                    for o in 0..<outWidth {
                        let kept = generator.nextUnitFloat() >= dropout
                        z[o] = kept ? max(z[o] + bias[o], 0) * keepScale : 0
                    }
                }
            } else {
                for r in 0..<rows {
                    let z = target + r * outWidth
                    for o in 0..<outWidth { z[o] = max(z[o] + bias[o], 0) }
                }
            }
        }

        // Loss and output delta: dCE/dz = w·(p − onehot)/normaliser.
        let classes = widths[last]
        let output = activations[last]
        var delta = deltaA
        var spare = deltaB
        var loss = 0.0
        let inverseNormaliser = Float(1 / normaliser)
        for r in 0..<rows {
            let z = output + r * classes
            let label = Int(labels[r])
            let w = weights?[r] ?? 1
            loss += Double(w) * Softmax.inPlaceWithCrossEntropy(z, width: classes, label: label)
            let d = delta + r * classes
            let scale = w * inverseNormaliser
            for c in 0..<classes { d[c] = z[c] * scale }
            d[label] -= scale
        }

        // Backward.
        for l in stride(from: last, through: 1, by: -1) {
            let (inWidth, outWidth) = (widths[l - 1], widths[l])
            let source = l == 1 ? input : UnsafePointer(activations[l - 1])
            let weightGradient = g + layout.weightOffsets[l]
            BLAS.gemm(transposeA: true, m: outWidth, n: inWidth, k: rows, a: delta, lda: outWidth,
                      b: source, ldb: inWidth, beta: 0, c: weightGradient, ldc: inWidth)
            if l2 > 0 {
                let w = p + layout.weightOffsets[l]
                for i in 0..<(outWidth * inWidth) { weightGradient[i] += l2 * w[i] }
            }
            let biasGradient = g + layout.biasOffsets[l]
            for o in 0..<outWidth { biasGradient[o] = 0 }
            for r in 0..<rows {
                let d = delta + r * outWidth
                for o in 0..<outWidth { biasGradient[o] += d[o] }
            }
            guard l > 1 else { break }
            BLAS.gemm(m: rows, n: inWidth, k: outWidth, a: delta, lda: outWidth,
                      b: p + layout.weightOffsets[l], ldb: inWidth, beta: 0, c: spare, ldc: inWidth)
            // Through ReLU and dropout: an output > 0 was active and kept (scaled by keepScale).
            let below = activations[l - 1]
            for i in 0..<(rows * inWidth) { spare[i] = below[i] > 0 ? spare[i] * keepScale : 0 }
            swap(&delta, &spare)
        }
        return loss
    }
}
