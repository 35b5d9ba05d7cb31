/// Where a ``LineChart`` put things, in pixels, with the scene drawn from them.
public struct LineChartLayout: Sendable {
    /// Everything to draw.
    public let scene: PlotScene
    /// The data area inside the axes.
    public let plotFrame: PlotRect
    /// The legend box, or nil when hidden or empty.
    public let legendFrame: PlotRect?
    /// Data ranges mapped onto the plot frame's width and height.
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
}
