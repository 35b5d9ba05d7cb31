/// A row's label as stored: the fine label (or unknown) and the family (or unlabeled).
///
/// Two bytes, so label columns stay compact in the column store.
public struct LabelCode: Hashable, Sendable {
    /// `AttackLabel.rawValue`, or `AttackLabel.unknownCode` for a family-only label.
    public var fine: UInt8
    /// `AttackFamily.rawValue`, or `AttackFamily.unlabeledCode` for an unlabeled row.
    public var family: UInt8

    public init(fine: UInt8, family: UInt8) {
        self.fine = fine
        self.family = family
    }

    public init(_ label: AttackLabel) {
        self.init(fine: label.rawValue, family: label.family.rawValue)
    }

    public init(familyOnly family: AttackFamily) {
        self.init(fine: AttackLabel.unknownCode, family: family.rawValue)
    }

    /// A row with no label column at all.
    public static let unlabeled = LabelCode(fine: AttackLabel.unknownCode, family: AttackFamily.unlabeledCode)

    public var label: AttackLabel? { AttackLabel(rawValue: fine) }
    public var attackFamily: AttackFamily? { AttackFamily(rawValue: family) }

    /// The report name: the fine label, else the family, else `unlabeled`.
    public var name: String { label?.name ?? attackFamily?.name ?? "unlabeled" }
}
