import IoTData
import IoTSensor

/// A fixed rule, not a learned model: a window is `DDoS-SYN_Flood` (family DDoS) when more
/// than half of its packets carry SYN (`syn_flag_number` > 0.5) and almost none carry ACK
/// (`ack_flag_number` < 0.2) — handshakes that are opened and never completed; otherwise
/// `BenignTraffic`. Deterministic; selected with `--model builtin:rules`
/// so the service can run end to end before a trained model file is available.
public struct BaselineRuleScorer: WindowScorer {
    public static let builtinName = "builtin:rules"
    public let classNames = ["BenignTraffic", "DDoS-SYN_Flood"]
    public let benignClass = 0
    public let modelIdentifier = "builtin-syn-rule-v1"

    static let synIndex = FeatureLayout.v2.featureNames.firstIndex(of: "syn_flag_number") ?? 5
    static let ackIndex = FeatureLayout.v2.featureNames.firstIndex(of: "ack_flag_number") ?? 8

    public init() {}

    public func score(_ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        let attack = features.count > max(Self.synIndex, Self.ackIndex)
            && features[Self.synIndex] > 0.5 && features[Self.ackIndex] < 0.2
        probabilities[0] = attack ? 0.05 : 0.95
        probabilities[1] = attack ? 0.95 : 0.05
    }
}
