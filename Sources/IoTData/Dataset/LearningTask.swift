/// The three CICIoT2023 classification tasks and how a row's label becomes a class index.
public enum LearningTask: String, Sendable, Codable, CaseIterable {
    /// Benign (0) vs Attack (1).
    case binary
    /// The 8 families, class index = `AttackFamily.rawValue`.
    case family
    /// The 34 labels, class index = `AttackLabel.rawValue`; rows with a family-only label
    /// have no class in this task.
    case label

    /// Class names in class-index order.
    public var classNames: [String] {
        switch self {
        case .binary: return ["Benign", "Attack"]
        case .family: return AttackFamily.allCases.map(\.name)
        case .label: return AttackLabel.allCases.map(\.name)
        }
    }

    public var classCount: Int { classNames.count }

    /// The class of a row in this task, or `nil` when the row cannot serve it (unlabeled,
    /// or family-only in the 34-label task).
    @inlinable
    public func classIndex(of code: LabelCode) -> Int? {
        guard code.family != AttackFamily.unlabeledCode else { return nil }
        switch self {
        case .binary: return code.family == AttackFamily.benign.rawValue ? 0 : 1
        case .family: return Int(code.family)
        case .label: return code.fine == AttackLabel.unknownCode ? nil : Int(code.fine)
        }
    }

    /// The class index of benign traffic (0 in every task).
    public var benignClass: Int { 0 }
}
