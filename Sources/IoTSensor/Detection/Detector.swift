/// Applies a scorer to each window and raises a `WindowAlert` when the most probable class
/// is an attack whose probability reaches the threshold (per family, else the default).
///
/// Single-window scoring allocates nothing beyond the alert itself; batches reuse buffers
/// sized to the largest batch. Not thread-safe: one detector per scoring loop.
public struct Detector: Sendable {
    public let scorer: any WindowScorer
    public var defaultThreshold: Float { didSet { refreshClassThresholds() } }
    /// Per-family thresholds by family name (`DDoS`, `Recon`, …), overriding the default.
    public var familyThresholds: [String: Float] { didSet { refreshClassThresholds() } }
    private var features: [Float]
    private var probabilities: [Float]
    /// The scorer's class names, and the family of each class (for a 34-label model the
    /// label's family), read once rather than through the scorer per window.
    public let classNames: [String]
    public let families: [String]
    /// The alert threshold of each class: its family's, else the default.
    private var classThresholds: [Float]
    public private(set) var windowsScored = 0
    public private(set) var predictionsPerClass: [Int]
    /// The most probable class of the last window inspected, and its probability (alert or not).
    public private(set) var lastClass = 0
    public private(set) var lastProbability: Float = 0
    /// The scorer's benign class (read once).
    public let benignClass: Int

    public init(scorer: any WindowScorer, threshold: Float = 0.5, familyThresholds: [String: Float] = [:]) {
        self.scorer = scorer
        defaultThreshold = threshold
        self.familyThresholds = familyThresholds
        features = [Float](repeating: 0, count: 39)
        classNames = scorer.classNames
        benignClass = scorer.benignClass
        probabilities = [Float](repeating: 0, count: classNames.count)
        families = classNames.map { Self.family(ofClass: $0) }
        classThresholds = Self.thresholds(families, familyThresholds, threshold)
        predictionsPerClass = [Int](repeating: 0, count: classNames.count)
    }

    private static func thresholds(_ families: [String], _ byFamily: [String: Float], _ fallback: Float) -> [Float] {
        families.map { byFamily[$0] ?? fallback }
    }

    /// Recomputes `classThresholds` after either threshold setting changed.
    private mutating func refreshClassThresholds() {
        classThresholds = Self.thresholds(families, familyThresholds, defaultThreshold)
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
        return decide(window, probabilities: probabilities, at: 0, protocolNumber: protocolNumber)
    }

    /// Scores `windows` as one batch (`WindowScorer.score(rows:_:into:)`, the same results as
    /// one at a time) and calls `alert` with the index and alert of each window that raises
    /// one, in order. Buffers grow to the largest batch seen and are reused: no allocation
    /// per window beyond the alerts. O(windows × model cost).
    public mutating func inspect(_ windows: [CICWindow], alert: (Int, WindowAlert) throws -> Void) rethrows {
        try inspect(windows, protocolNumbers: nil) { index, _, _, raised in
            if let raised { try alert(index, raised) }
        }
    }

    /// Scores `windows` as one batch, like `inspect(_:alert:)`, and calls `each` for every
    /// window in order with its index, most probable class, that class's probability and the
    /// alert it raised (or `nil`). `protocolNumbers[i]`, when given, is window i's protocol for
    /// its alert (else the window's `Protocol Type` value).
    public mutating func inspect(_ windows: [CICWindow], protocolNumbers: [Int]?,
                                 each: (_ index: Int, _ best: Int, _ probability: Float, _ alert: WindowAlert?) throws -> Void) rethrows {
        guard !windows.isEmpty else { return }
        Self.score(windows, with: scorer, features: &features, into: &probabilities)
        try decide(windows, probabilities: probabilities, protocolNumbers: protocolNumbers, each: each)
    }

    /// Scores `windows` with `scorer` as one batch (`WindowScorer.score(rows:_:into:)`):
    /// `windows.count × classNames.count` probabilities, row-major; rows repeated in the batch
    /// are scored once (`RepeatedRows`), with the same results. Touches no detector state,
    /// so callers may score on any thread and `decide` later. `features` is scratch, grown
    /// to `windows.count × 39` when smaller.
    public static func score(_ windows: [CICWindow], with scorer: any WindowScorer, features: inout [Float], into probabilities: inout [Float]) {
        let rows = windows.count, classes = scorer.classNames.count
        guard rows > 0 else { return }
        if features.count < rows * 39 { features = [Float](repeating: 0, count: rows * 39) }
        if probabilities.count < rows * classes { probabilities = [Float](repeating: 0, count: rows * classes) }
        features.withUnsafeMutableBufferPointer { features in
            for (row, window) in windows.enumerated() {
                for i in 0..<39 { features[row * 39 + i] = i < window.values.count ? Float(window.values[i]) : 0 }
            }
            guard let input = features.baseAddress else { return }
            probabilities.withUnsafeMutableBufferPointer { output in
                guard let outputBase = output.baseAddress else { return }
                // Each distinct row once (`RepeatedRows`): a flood's windows are mostly one row.
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: rows + RepeatedRows.tableSize(rows: rows)) { scratch in
                    guard let source = scratch.baseAddress else { return }
                    let distinct = RepeatedRows.compact(input, rows: rows, width: 39, source: source, table: source + rows)
                    scorer.score(rows: distinct, UnsafeBufferPointer(start: input, count: distinct * 39),
                                 into: UnsafeMutableBufferPointer(start: outputBase, count: distinct * classes))
                    if distinct < rows { RepeatedRows.expand(outputBase, rows: rows, width: classes, source: source) }
                }
            }
        }
    }

    /// The decisions for `windows` already scored by this detector's scorer (`probabilities`
    /// as `score(_:with:features:into:)` left them): counts each prediction and calls `each`
    /// in order, as `inspect(_:protocolNumbers:each:)` does. O(windows × classes).
    public mutating func decide(_ windows: [CICWindow], probabilities: [Float], protocolNumbers: [Int]?,
                                each: (_ index: Int, _ best: Int, _ probability: Float, _ alert: WindowAlert?) throws -> Void) rethrows {
        let classes = classNames.count
        precondition(probabilities.count >= windows.count * classes, "Detector.decide: \(probabilities.count) probabilities for \(windows.count) windows")
        for (row, window) in windows.enumerated() {
            let raised = decide(window, probabilities: probabilities, at: row * classes, protocolNumber: protocolNumbers?[row])
            try each(row, lastClass, lastProbability, raised)
        }
    }

    /// The decision for one scored window whose class probabilities start at `offset` in
    /// `probabilities`: counts the prediction and returns an alert or `nil`.
    private mutating func decide(_ window: CICWindow, probabilities: [Float], at offset: Int, protocolNumber: Int?) -> WindowAlert? {
        let classes = classNames.count
        windowsScored += 1
        var best = 0
        for c in 1..<classes where probabilities[offset + c] > probabilities[offset + best] { best = c }
        let probability = probabilities[offset + best]
        predictionsPerClass[best] += 1
        lastClass = best
        lastProbability = probability
        guard best != benignClass, probability >= classThresholds[best] else { return nil }
        let family = families[best]
        let (source, destination): (UInt32?, UInt32?)
        if let host = window.host {
            (source, destination) = host.role == .source ? (host.address, host.peer) : (host.peer, host.address)
        } else {
            (source, destination) = (nil, nil)
        }
        return WindowAlert(
            timestamp: window.lastTimestamp, className: classNames[best], family: family, probability: probability,
            source: source, destination: destination, protocolNumber: protocolNumber ?? Int(window.values[1]), features: window.values)
    }
}
