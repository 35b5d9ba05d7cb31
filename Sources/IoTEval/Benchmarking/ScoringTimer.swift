import Foundation
import IoTData
import IoTModels
import IoTPrep

/// Times batch scoring of a model file with the pipeline and the classifier measured apart,
/// for `iotshield predict --json`.
public enum ScoringTimer {
    public struct Batch: Sendable {
        public var probabilities: [Float]
        /// Wall seconds of the fitted pipeline (selecting, imputing, scaling…).
        public var transformSeconds: Double
        /// Wall seconds of `predictProbabilities` on the transformed rows (all cores).
        public var scoreSeconds: Double
        /// The transformed rows the classifier scored (what `singleRow` latency should use).
        public var transformed: FeatureMatrix
    }

    /// Applies the file's pipeline to `raw` (rows in the model's layout), then scores the
    /// result, timing each step with a monotonic clock. Throws what the pipeline throws.
    public static func batch(_ file: ModelFile, raw: FeatureMatrix) throws -> Batch {
        let pipeline = file.header.pipeline
        let start = DispatchTime.now().uptimeNanoseconds
        let input = raw.columnNames == pipeline.inputColumns ? raw : raw.columns(pipeline.inputColumns.compactMap { raw.columnNames.firstIndex(of: $0) })
        let transformed = try pipeline.apply(input)
        let middle = DispatchTime.now().uptimeNanoseconds
        let probabilities = file.classifier.predictProbabilities(transformed)
        let end = DispatchTime.now().uptimeNanoseconds
        return Batch(probabilities: probabilities, transformSeconds: Double(middle - start) / 1e9,
                     scoreSeconds: Double(end - middle) / 1e9, transformed: transformed)
    }
}
