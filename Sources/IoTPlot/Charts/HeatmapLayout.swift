/// Where a ``HeatmapChart`` put things, in pixels, with the scene drawn from them.
public struct HeatmapLayout: Sendable {
    /// Everything to draw.
    public let scene: PlotScene
    /// Side of one square cell.
    public let cellSize: Int
    /// The cells, without labels.
    public let matrixFrame: PlotRect
    /// Space reserved left of the matrix for row labels: as wide as the widest (truncated) label.
    public let rowLabelFrame: PlotRect
    /// Space reserved below the matrix for the upward-reading column labels: as tall as the longest.
    public let columnLabelFrame: PlotRect
    /// The colour ramp.
    public let colorBarFrame: PlotRect
    /// Font magnification of row and column labels.
    public let labelScale: Int
    /// Font magnification of the numbers printed in cells, or nil when cells are too small for them.
    public let annotationScale: Int?
}
