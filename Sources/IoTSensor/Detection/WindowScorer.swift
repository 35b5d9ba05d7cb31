/// Scores windows of 39 CICIoT2023 v2 features: class probabilities in the order of
/// `classNames`. Implemented by a loaded model file (its fitted pipeline + classifier).
public protocol WindowScorer: Sendable {
    var classNames: [String] { get }
    /// Which class is benign traffic.
    var benignClass: Int { get }
    /// A stable identifier of the model (shown in alerts).
    var modelIdentifier: String { get }
    /// Probabilities for one window's features (v2 order), written into `probabilities`.
    func score(_ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>)
    /// Probabilities for `rows` windows at once: `features` holds rows × 39 values (row-major,
    /// v2 order), `probabilities` receives rows × `classNames.count`. Each row's result equals
    /// `score(_:into:)` on that row. The default scores one row at a time.
    func score(rows: Int, _ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>)
}

extension WindowScorer {
    public func score(rows: Int, _ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        let width = 39, classes = classNames.count
        precondition(features.count >= rows * width && probabilities.count >= rows * classes, "WindowScorer.score(rows:): buffers too small")
        for row in 0..<rows {
            score(UnsafeBufferPointer(rebasing: features[(row * width)..<((row + 1) * width)]),
                  into: UnsafeMutableBufferPointer(rebasing: probabilities[(row * classes)..<((row + 1) * classes)]))
        }
    }
}
