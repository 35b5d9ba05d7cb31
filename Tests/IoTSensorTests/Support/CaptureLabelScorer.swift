@testable import IoTSensor

/// Scores every window as the capture's known ground truth, `label`, with probability 0.9 —
/// the way CICIoT2023 labels its rows (by the capture they come from). Tests that check what
/// happens *after* detection (incidents, responses) use it on real captures whose content is
/// documented in data/README.md, so they do not depend on a trained model's accuracy.
struct CaptureLabelScorer: WindowScorer {
    let classNames: [String]
    let benignClass = 0
    let modelIdentifier: String

    init(label: String) {
        classNames = ["BenignTraffic", label]
        modelIdentifier = "capture-label-\(label)"
    }

    func score(_ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        probabilities[0] = 0.1
        probabilities[1] = 0.9
    }
}
