import IoTData

/// Drops named columns — the leakage guard (`IAT` by default) and explicit exclusions.
///
/// A named column absent from the matrix is ignored (nothing to drop), so one dropper
/// serves both CSV layouts.
public struct ColumnDropper: Transformer {
    public var columns: [String]
    public var kind: DroppedColumn.Kind
    public var reason: String

    public init(columns: [String], kind: DroppedColumn.Kind = .requested, reason: String = "dropped on request") {
        self.columns = columns
        self.kind = kind
        self.reason = reason
    }

    /// The default leakage guard: `IAT` is dropped because in v1 it holds absolute capture
    /// timestamps and each attack was captured in its own time slot (docs/ciciot2023.md).
    public static let leakageGuard = ColumnDropper(
        columns: ["IAT"], kind: .leakage,
        reason: "leaks the label: v1 IAT values are capture timestamps and each attack has its own time slot")

    /// O(columns); reads no rows.
    public func fit(_ matrix: FeatureMatrix, classes: [Int]?) throws -> ColumnSelection {
        let names = matrix.columnNames
        let drop = Set(columns)
        var kept: [Int] = []
        var dropped: [DroppedColumn] = []
        for (index, name) in names.enumerated() {
            if drop.contains(name) {
                dropped.append(DroppedColumn(name: name, kind: kind, detail: reason))
            } else {
                kept.append(index)
            }
        }
        guard !kept.isEmpty || names.isEmpty else {
            throw PrepError.noFeaturesLeft(stage: "column dropper", reason: "every column is in the drop list \(columns)")
        }
        return ColumnSelection(inputColumns: names, kept: kept, dropped: dropped)
    }
}
