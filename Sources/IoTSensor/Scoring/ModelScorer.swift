import IoTData
import IoTModels
import IoTPrep

/// A loaded model file as a `WindowScorer`: the fitted pipeline, then the classifier.
///
/// Windows arrive in CICIoT2023 v2 order; a model trained on v2 data takes them as they are.
/// The pipeline runs as a `PipelineRowPlan` (same arithmetic as `Pipeline.apply`, no heap
/// allocation per row). One window: O(pipeline width + classifier cost), allocation-free.
/// A batch of windows: transformed row by row, then scored by the classifier's batch path
/// (for tree ensembles, rows walk each tree together, which hides memory latency); results
/// equal the one-window path bit for bit.
public struct ModelScorer: WindowScorer {
    public let model: ModelFile
    private let inputIndices: [Int]
    private let plan: PipelineRowPlan

    /// - Throws: `ModelFileError.wrongSchema` unless the model was trained on v2 columns (what
    ///   the sensor computes).
    public init(model: ModelFile, path: String) throws {
        try model.check(layout: .v2, path: path)
        self.model = model
        let names = FeatureLayout.v2.featureNames
        inputIndices = model.header.pipeline.inputColumns.compactMap { names.firstIndex(of: $0) }
        plan = PipelineRowPlan(model.header.pipeline)
    }

    public static func load(path: String) throws -> ModelScorer {
        try ModelScorer(model: try ModelFile.load(path: path), path: path)
    }

    public var classNames: [String] { model.classNames }
    public var benignClass: Int { model.header.task.benignClass }
    public var modelIdentifier: String { model.identifier }

    public func score(_ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        let plan = self.plan
        withUnsafeTemporaryAllocation(of: Float.self, capacity: plan.inputWidth + plan.outputWidth + plan.scratchCount) { buffer in
            let input = UnsafeMutableBufferPointer(rebasing: buffer[0..<plan.inputWidth])
            let output = UnsafeMutableBufferPointer(rebasing: buffer[plan.inputWidth..<(plan.inputWidth + plan.outputWidth)])
            let scratch = UnsafeMutableBufferPointer(rebasing: buffer[(plan.inputWidth + plan.outputWidth)...])
            for (i, column) in inputIndices.enumerated() { input[i] = features[column] }
            plan.apply(UnsafeBufferPointer(input), into: output, scratch: scratch)
            model.classifier.predictProbabilities(row: UnsafeBufferPointer(output), into: probabilities)
        }
    }

    public func score(rows: Int, _ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        let width = 39, classes = classNames.count, plan = self.plan
        precondition(features.count >= rows * width && probabilities.count >= rows * classes, "ModelScorer.score(rows:): buffers too small")
        guard rows > 1 else {
            if rows == 1 { score(features, into: probabilities) }
            return
        }
        var transformed = [Float](repeating: 0, count: rows * plan.outputWidth)
        var input = [Float](repeating: 0, count: plan.inputWidth)
        var scratch = [Float](repeating: 0, count: plan.scratchCount)
        transformed.withUnsafeMutableBufferPointer { out in
            input.withUnsafeMutableBufferPointer { input in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    for row in 0..<rows {
                        for (i, column) in inputIndices.enumerated() { input[i] = features[row * width + column] }
                        plan.apply(UnsafeBufferPointer(input), into: UnsafeMutableBufferPointer(rebasing: out[(row * plan.outputWidth)...]), scratch: scratch)
                    }
                }
            }
        }
        let matrix = FeatureMatrix(rowCount: rows, columnNames: model.header.pipeline.outputColumns, values: transformed)
        let result = model.classifier.predictProbabilities(matrix)
        for i in 0..<(rows * classes) { probabilities[i] = result[i] }
    }
}
