/// Where a ``BarChart`` put things, in pixels, with the scene drawn from them.
public struct BarChartLayout: Sendable {
    /// Everything to draw.
    public let scene: PlotScene
    /// Space left of the bars for the labels: as wide as the widest (truncated) label.
    public let labelFrame: PlotRect
    /// The area the bars and their printed values occupy.
    public let barAreaFrame: PlotRect
    /// The x position of value 0.
    public let zeroX: Double
    /// The (label, value) pairs shown, top to bottom.
    public let shown: [(label: String, value: Double)]
}
