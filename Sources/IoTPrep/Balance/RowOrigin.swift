/// Where a balanced row came from, as indices into the rows given to the balancer.
///
/// A real row has `neighbour == nil` and `step == 0`. A SMOTE row is
/// `row + step × (neighbour − row)`, computed in Double and rounded once to Float, with
/// `neighbour` one of the k nearest same-class rows of `row` and `step` uniform in [0, 1).
/// (A class with a single row is duplicated: `neighbour == row`, `step == 0`.)
public struct RowOrigin: Sendable, Equatable, Hashable, Codable {
    public var row: Int
    public var neighbour: Int?
    public var step: Float

    public init(row: Int, neighbour: Int? = nil, step: Float = 0) {
        self.row = row
        self.neighbour = neighbour
        self.step = step
    }

    public var isSynthetic: Bool { neighbour != nil }
}
