import IoTSensor

/// Where a model comes from: the one place the service turns `--model` (and the path in
/// `POST /v1/model`) into a scorer.
///
/// `builtin:rules` is `BaselineRuleScorer` (a fixed SYN-flood rule, for demos and the
/// process-level tests). Any other value is a `.iotm` model file path — THE REAL MODEL PLUGS
/// IN HERE: replace the `throw` below with the loader's call (e.g.
/// `return try ModelFile.load(path: path).scorer()`).
///
/// - Throws: `ScorerLoadError` when the file cannot be loaded.
public func loadScorer(path: String) throws -> any WindowScorer {
    if path == BaselineRuleScorer.builtinName { return BaselineRuleScorer() }
    throw ScorerLoadError(path: path, reason: "model files are not supported yet")
}

public struct ScorerLoadError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
