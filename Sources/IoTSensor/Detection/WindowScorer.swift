/// Scores one window of 39 CICIoT2023 v2 features: class probabilities in the order of
/// `classNames`. Implemented by a loaded model file (its fitted pipeline + classifier).
public protocol WindowScorer: Sendable {
    var classNames: [String] { get }
    /// Which class is benign traffic.
    var benignClass: Int { get }
    /// A stable identifier of the model (shown in alerts).
    var modelIdentifier: String { get }
    /// Probabilities for one window's features (v2 order), written into `probabilities`.
    func score(_ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>)
}
