/// One chunk of a column store, column-major: `features[column][row]`.
public struct ColumnChunk: Sendable {
    public var rowCount: Int
    public var features: [[Float]]
    public var fineLabels: [UInt8]
    public var families: [UInt8]
    public var sources: [UInt16]
    /// Class index per row in the store's task; empty when the store has no `class` column.
    public var classes: [UInt8]

    public init(rowCount: Int, features: [[Float]], fineLabels: [UInt8], families: [UInt8], sources: [UInt16], classes: [UInt8] = []) {
        self.rowCount = rowCount
        self.features = features
        self.fineLabels = fineLabels
        self.families = families
        self.sources = sources
        self.classes = classes
    }

    public func label(at row: Int) -> LabelCode { LabelCode(fine: fineLabels[row], family: families[row]) }
}
