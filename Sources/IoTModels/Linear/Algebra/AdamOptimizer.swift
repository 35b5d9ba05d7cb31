import Foundation

/// Adam (Kingma & Ba, 2015) over one flat `Float` parameter buffer, with bias-corrected
/// moments: `θ ← θ − lr · m̂ / (√v̂ + ε)`. State: two buffers the size of the parameters.
/// O(parameters) per step; deterministic.
struct AdamOptimizer: Sendable {
    var learningRate: Float
    var beta1: Float
    var beta2: Float
    var epsilon: Float
    private(set) var step = 0
    private var firstMoment: [Float]
    private var secondMoment: [Float]

    init(parameterCount: Int, learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = [Float](repeating: 0, count: parameterCount)
        secondMoment = [Float](repeating: 0, count: parameterCount)
    }

    /// One update of `parameters` from `gradient` (both `parameterCount` long).
    mutating func update(_ parameters: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>) {
        precondition(parameters.count == firstMoment.count && gradient.count == firstMoment.count, "Adam: buffer sizes differ")
        step += 1
        let correction1 = 1 - Float(Foundation.pow(Double(beta1), Double(step)))
        let correction2 = 1 - Float(Foundation.pow(Double(beta2), Double(step)))
        let stepSize = learningRate / correction1
        let inverseCorrection2 = 1 / correction2
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                for i in 0..<parameters.count {
                    let g = gradient[i]
                    let mi = b1 * m[i] + (1 - b1) * g
                    let vi = b2 * v[i] + (1 - b2) * g * g
                    m[i] = mi
                    v[i] = vi
                    parameters[i] -= stepSize * mi / ((vi * inverseCorrection2).squareRoot() + eps)
                }
            }
        }
    }
}
