/// Applies a scorer to each window and raises a `WindowAlert` when the most probable class
/// is an attack whose probability reaches the threshold (per family, else the default).
///
/// Single-window scoring allocates nothing beyond the alert itself. Not thread-safe: one
/// detector per capture loop.
public struct Detector: Sendable {
    public let scorer: any WindowScorer
    public var defaultThreshold: Float
    /// Per-family thresholds by family name (`DDoS`, `Recon`, …), overriding the default.
    public var familyThresholds: [String: Float]
    private var features: [Float]
    private var probabilities: [Float]
    /// Family of each class (for a 34-label model the label's family).
    private let families: [String]
    public private(set) var windowsScored = 0
    public private(set) var predictionsPerClass: [Int]
    /// The most probable class of the last window inspected, and its probability (alert or not).
    public private(set) var lastClass = 0
    public private(set) var lastProbability: Float = 0

    public init(scorer: any WindowScorer, threshold: Float = 0.5, familyThresholds: [String: Float] = [:]) {
        self.scorer = scorer
        defaultThreshold = threshold
        self.familyThresholds = familyThresholds
        features = [Float](repeating: 0, count: 39)
        probabilities = [Float](repeating: 0, count: scorer.classNames.count)
        families = scorer.classNames.map { Self.family(ofClass: $0) }
        predictionsPerClass = [Int](repeating: 0, count: scorer.classNames.count)
    }

    /// The family a class name belongs to (labels map through the taxonomy; families and
    /// `Attack` stay as they are).
    public static func family(ofClass name: String) -> String {
        if let code = LabelTaxonomyBridge.code(for: name) { return code }
        return name
    }

    /// Scores `window`; returns an alert or `nil`.
    public mutating func inspect(_ window: CICWindow, protocolNumber: Int? = nil) -> WindowAlert? {
        for i in 0..<min(39, window.values.count) { features[i] = Float(window.values[i]) }
        let scorer = self.scorer
        features.withUnsafeBufferPointer { input in
            probabilities.withUnsafeMutableBufferPointer { output in scorer.score(input, into: output) }
        }
        windowsScored += 1
        var best = 0
        for c in 1..<probabilities.count where probabilities[c] > probabilities[best] { best = c }
        predictionsPerClass[best] += 1
        lastClass = best
        lastProbability = probabilities[best]
        guard best != scorer.benignClass else { return nil }
        let family = families[best]
        let threshold = familyThresholds[family] ?? defaultThreshold
        guard probabilities[best] >= threshold else { return nil }
        let (source, destination): (UInt32?, UInt32?)
        if let host = window.host {
            (source, destination) = host.role == .source ? (host.address, host.peer) : (host.peer, host.address)
        } else {
            (source, destination) = (nil, nil)
        }
        return WindowAlert(
            timestamp: window.lastTimestamp, className: scorer.classNames[best], family: family, probability: probabilities[best],
            source: source, destination: destination, protocolNumber: protocolNumber ?? Int(window.values[1]), features: window.values)
    }
}
