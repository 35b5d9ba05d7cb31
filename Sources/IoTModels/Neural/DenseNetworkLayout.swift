/// The shape of a fully connected network and where each layer's parameters sit in the flat
/// parameter vector: for layer `l` (1-based, `l = 1…layerCount`), the weights `W_l`
/// (`widths[l] × widths[l−1]`, row-major, so `W_l[o][i]` multiplies input `i` into output `o`)
/// followed by the biases `b_l` (`widths[l]`).
struct DenseNetworkLayout: Sendable, Equatable {
    /// `[features, hidden₁, …, hiddenₙ, classes]`.
    let widths: [Int]
    let weightOffsets: [Int]
    let biasOffsets: [Int]
    let parameterCount: Int
    /// The widest layer (scratch size per row).
    let maxWidth: Int

    /// `nil` if a width is < 1 or the parameter count overflows.
    init?(widths: [Int]) {
        guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }) else { return nil }
        var weightOffsets = [0]
        var biasOffsets = [0]
        var offset = 0
        for l in 1..<widths.count {
            let (weights, overflow) = widths[l].multipliedReportingOverflow(by: widths[l - 1])
            guard !overflow, offset <= Int.max - weights - widths[l] else { return nil }
            weightOffsets.append(offset)
            biasOffsets.append(offset + weights)
            offset += weights + widths[l]
        }
        self.widths = widths
        self.weightOffsets = weightOffsets
        self.biasOffsets = biasOffsets
        self.parameterCount = offset
        self.maxWidth = widths.max() ?? 1
    }

    /// Number of weight layers (hidden layers + the output layer).
    var layerCount: Int { widths.count - 1 }
    var featureCount: Int { widths[0] }
    var classCount: Int { widths[widths.count - 1] }
}
