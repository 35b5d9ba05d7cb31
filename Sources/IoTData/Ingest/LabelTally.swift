/// Counts rows per fine label and per family.
public struct LabelTally: Sendable, Equatable {
    /// Index: `AttackLabel.rawValue`; last: unknown fine label.
    public var fine = [Int](repeating: 0, count: AttackLabel.allCases.count + 1)
    /// Index: `AttackFamily.rawValue`; last: unlabeled.
    public var family = [Int](repeating: 0, count: AttackFamily.allCases.count + 1)

    public init() {}

    public init(fine: [Int], family: [Int]) {
        self.fine = fine
        self.family = family
    }

    @inline(__always)
    public mutating func add(_ code: LabelCode) {
        fine[Int(min(code.fine, UInt8(AttackLabel.allCases.count)))] += 1
        family[Int(min(code.family, UInt8(AttackFamily.allCases.count)))] += 1
    }

    /// Non-zero counts keyed by label name (`(family only)` for unknown fine labels).
    public var byLabel: [String: Int] {
        var out: [String: Int] = [:]
        for label in AttackLabel.allCases where fine[Int(label.rawValue)] > 0 { out[label.name] = fine[Int(label.rawValue)] }
        if let unknown = fine.last, unknown > 0 { out["(family only)"] = unknown }
        return out
    }

    /// Non-zero counts keyed by family name (`unlabeled` for rows without a label).
    public var byFamily: [String: Int] {
        var out: [String: Int] = [:]
        for f in AttackFamily.allCases where family[Int(f.rawValue)] > 0 { out[f.name] = family[Int(f.rawValue)] }
        if let unlabeled = family.last, unlabeled > 0 { out["unlabeled"] = unlabeled }
        return out
    }
}
