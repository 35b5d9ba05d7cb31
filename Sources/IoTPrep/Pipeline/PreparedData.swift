/// The output of `Preparer.prepare`: balanced training rows, untouched (but transformed)
/// validation and test rows, the fitted pipeline and the report.
public struct PreparedData: Sendable {
    public var train: PreparedSet
    public var validation: PreparedSet?
    public var test: PreparedSet
    public var pipeline: Pipeline
    public var report: PreparationReport
}
