import IoTData
import IoTModels

/// A loaded model file as a `WindowScorer`: the fitted pipeline, then the classifier.
///
/// Windows arrive in CICIoT2023 v2 order; a model trained on v2 data takes them as they are.
public struct ModelScorer: WindowScorer {
    public let model: ModelFile
    private let inputIndices: [Int]

    /// - Throws: `ModelFileError.wrongSchema` unless the model was trained on v2 columns (what
    ///   the sensor computes).
    public init(model: ModelFile, path: String) throws {
        try model.check(layout: .v2, path: path)
        self.model = model
        let names = FeatureLayout.v2.featureNames
        inputIndices = model.header.pipeline.inputColumns.compactMap { names.firstIndex(of: $0) }
    }

    public static func load(path: String) throws -> ModelScorer {
        try ModelScorer(model: try ModelFile.load(path: path), path: path)
    }

    public var classNames: [String] { model.classNames }
    public var benignClass: Int { model.header.task.benignClass }
    public var modelIdentifier: String { model.identifier }

    public func score(_ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        let row = FeatureMatrix(rowCount: 1, columnNames: model.header.pipeline.inputColumns, values: inputIndices.map { features[$0] })
        guard let transformed = try? model.header.pipeline.apply(row) else {
            // A fitted pipeline applied to its own input columns cannot fail; score as benign if it ever does.
            for i in probabilities.indices { probabilities[i] = i == benignClass ? 1 : 0 }
            return
        }
        transformed.values.withUnsafeBufferPointer { model.classifier.predictProbabilities(row: $0, into: probabilities) }
    }
}
