import IoTModels
import IoTPrep

/// What `iotshield train --json` prints: how long the fit took, on which rows (counts and
/// content checksums, so a benchmark can prove a peer got the same rows), the model's size
/// and convergence, and the metrics on the held-out test part.
///
/// Times are wall-clock seconds of the model fit alone (no loading, pipeline or balancing).
public struct TrainingSummary: Sendable, Encodable {
    public var model: String
    public var task: String
    public var fitSeconds: Double
    /// Training rows after the split, before balancing.
    public var trainRows: Int
    /// Rows the model was fitted on (after balancing).
    public var fittedRows: Int
    public var testRows: Int
    public var features: [String]
    public var trainChecksum: String
    public var testChecksum: String
    /// Internal nodes of the flattened trees (tree models), else nil.
    public var treeNodes: Int?
    /// Epochs or iterations run and how the fit ended (linear models, network), else nil.
    public var iterations: Int?
    public var converged: Bool?
    public var convergence: String?
    /// Test rows scored per second in one batch (0 without a test part).
    public var testRowsPerSecond: Double
    public var testMacroF1: Double?
    public var testReport: ClassificationReport?
    public var leakageDemonstration: Bool

    enum CodingKeys: String, CodingKey {
        case model, task, features, iterations, converged, convergence
        case fitSeconds = "fit_seconds", trainRows = "train_rows", fittedRows = "fitted_rows", testRows = "test_rows"
        case trainChecksum = "train_checksum", testChecksum = "test_checksum", treeNodes = "tree_nodes"
        case testRowsPerSecond = "test_rows_per_second", testMacroF1 = "test_macro_f1", testReport = "test_report"
        case leakageDemonstration = "leakage_demonstration"
    }

    public init(_ result: TrainingJob.Result) {
        let header = result.modelFile.header
        model = header.kind.rawValue
        task = header.task.rawValue
        fitSeconds = result.fitSeconds
        trainRows = result.preparation.split.trainRows
        fittedRows = result.trainChecksum.rows
        testRows = result.testChecksum.rows
        features = result.featureNames
        trainChecksum = result.trainChecksum.description
        testChecksum = result.testChecksum.description
        let classifier = result.modelFile.classifier
        treeNodes = ModelAnatomy.treeNodes(classifier)
        if let report = ModelAnatomy.convergence(classifier) {
            iterations = report.iterations
            converged = report.converged
            convergence = report.description
        }
        testRowsPerSecond = result.predictRowsPerSecond
        testMacroF1 = result.testReport?.macroF1
        testReport = result.testReport
        leakageDemonstration = result.preparation.leakageDemonstration
    }
}
