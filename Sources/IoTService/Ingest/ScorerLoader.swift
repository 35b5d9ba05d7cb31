import IoTSensor

/// Where a model comes from: the one place the service turns `--model` (and the path in
/// `POST /v1/model`) into a scorer.
///
/// `builtin:rules` is `BaselineRuleScorer` (a fixed SYN-flood rule, for process-level tests
/// that must not depend on a trained model). Any other value is a `.iotm` model file path,
/// loaded with its fitted pipeline (`ModelScorer`).
///
/// - Throws: `ScorerLoadError` when the file cannot be loaded (the reason names what is wrong).
public func loadScorer(path: String) throws -> any WindowScorer {
    if path == BaselineRuleScorer.builtinName { return BaselineRuleScorer() }
    do {
        return try ModelScorer.load(path: path)
    } catch {
        throw ScorerLoadError(path: path, reason: "\(error)")
    }
}

public struct ScorerLoadError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
