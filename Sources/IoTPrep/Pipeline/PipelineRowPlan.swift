import IoTData

/// A `Pipeline` compiled for scoring one row at a time: the same steps with the same
/// arithmetic as `Pipeline.apply` (bit for bit), without building matrices, column-name
/// arrays or anything else on the heap per row.
///
/// `apply` works in caller-owned scratch memory of `scratchCount` floats. O(Σ step widths)
/// per row (a one-hot step also scans its ≤ `maxCategories` kept categories). Immutable and
/// `Sendable`: one plan serves every thread.
public struct PipelineRowPlan: Sendable {
    enum Step: Sendable {
        /// NaN (and ±∞ when `infinityIsMissing`) → the column's fill value.
        case impute(fill: [Float], infinityIsMissing: Bool)
        /// Keep the input columns at these indices, in this order.
        case gather([Int])
        /// Per input column: its first output column, and its kept categories if encoded.
        case oneHot(outputs: [Int], categories: [[Int]?], width: Int)
        /// `Float(Double(x) × a + b)` per column.
        case multiplyAdd([Double], [Double])
        /// `Float((Double(x) − a) / b)` per column.
        case subtractDivide([Double], [Double])
    }

    let steps: [Step]
    public let inputWidth: Int
    public let outputWidth: Int
    /// Floats of scratch memory `apply` needs (two buffers of the widest step).
    public let scratchCount: Int

    public init(_ pipeline: Pipeline) {
        var steps: [Step] = []
        var width = pipeline.inputColumns.count
        var widest = width
        for step in pipeline.steps {
            switch step {
            case .columnSelection(let selection):
                if selection.kept.count != width { steps.append(.gather(selection.kept)) }
            case .varianceFilter(let filter):
                if filter.selection.kept.count != width { steps.append(.gather(filter.selection.kept)) }
            case .correlationFilter(let filter):
                if filter.selection.kept.count != width { steps.append(.gather(filter.selection.kept)) }
            case .imputer(let imputer):
                steps.append(.impute(fill: imputer.fillValues, infinityIsMissing: imputer.infinityIsMissing))
            case .oneHotEncoder(let encoder):
                guard !encoder.encodings.isEmpty else { break }
                var outputs: [Int] = [], categories: [[Int]?] = [], next = 0
                for name in encoder.inputColumns {
                    outputs.append(next)
                    let kept = encoder.encodings.first { $0.column == name }?.categories
                    categories.append(kept)
                    next += kept.map { $0.count + 1 } ?? 1
                }
                steps.append(.oneHot(outputs: outputs, categories: categories, width: next))
            case .minMaxScaler(let scaler):
                steps.append(.multiplyAdd(scaler.scale, scaler.min))
            case .standardScaler(let scaler):
                steps.append(.subtractDivide(scaler.mean, scaler.scale))
            }
            width = step.outputColumns.count
            widest = max(widest, width)
        }
        self.steps = steps
        inputWidth = pipeline.inputColumns.count
        outputWidth = width
        scratchCount = 2 * widest
    }

    /// Transforms one row (`inputWidth` values in the pipeline's input column order) into
    /// `output` (`outputWidth` values). `scratch` must hold `scratchCount` floats; its
    /// contents are overwritten. Allocation-free.
    public func apply(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
                      scratch: UnsafeMutableBufferPointer<Float>) {
        precondition(input.count >= inputWidth && output.count >= outputWidth && scratch.count >= scratchCount,
                     "PipelineRowPlan.apply: buffers too small")
        guard let base = scratch.baseAddress else {
            for i in 0..<outputWidth { output[i] = input[i] }  // width 0 pipelines only
            return
        }
        let half = scratchCount / 2
        var current = base, spare = base + half
        var width = inputWidth
        for i in 0..<width { current[i] = input[i] }
        for step in steps {
            switch step {
            case .impute(let fill, let infinityIsMissing):
                for c in 0..<width {
                    let x = current[c]
                    if x.isNaN || (infinityIsMissing && x.isInfinite) { current[c] = fill[c] }
                }
            case .gather(let kept):
                for (j, c) in kept.enumerated() { spare[j] = current[c] }
                width = kept.count
                swap(&current, &spare)
            case .oneHot(let outputs, let categories, let outWidth):
                for j in 0..<outWidth { spare[j] = 0 }
                for c in 0..<width {
                    guard let kept = categories[c] else {
                        spare[outputs[c]] = current[c]
                        continue
                    }
                    var slot = kept.count
                    if let category = OneHotEncoder.category(of: current[c]), let found = kept.firstIndex(of: category) {
                        slot = found
                    }
                    spare[outputs[c] + slot] = 1
                }
                width = outWidth
                swap(&current, &spare)
            case .multiplyAdd(let a, let b):
                for c in 0..<width { current[c] = Float(Double(current[c]) * a[c] + b[c]) }
            case .subtractDivide(let a, let b):
                for c in 0..<width { current[c] = Float((Double(current[c]) - a[c]) / b[c]) }
            }
        }
        for i in 0..<outputWidth { output[i] = current[i] }
    }
}
