/// One named curve of a ``LineChart``: points in data units (not pixels), drawn in order.
public struct LineSeries: Sendable, Hashable {
    /// Shown in the legend and as the SVG tooltip, e.g. `"random forest (AUC 0.991)"`.
    public var name: String
    /// (x, y) in data units; non-finite points break the line.
    public var points: [PlotPoint]
    /// nil picks the next colour of ``Palette``.
    public var color: PlotColor?
    /// Line width in pixels.
    public var lineWidth: Double = 2

    public init(name: String, points: [PlotPoint], color: PlotColor? = nil) {
        self.name = name
        self.points = points
        self.color = color
    }

    /// A series from parallel coordinate arrays, e.g. false- and true-positive rates of a ROC curve.
    /// - Throws: ``PlotError/shapeMismatch(_:)`` if the arrays differ in length.
    public init(name: String, x: [Double], y: [Double], color: PlotColor? = nil) throws {
        guard x.count == y.count else {
            throw PlotError.shapeMismatch("series \"\(name)\" has \(x.count) x values but \(y.count) y values")
        }
        self.init(name: name, points: zip(x, y).map { PlotPoint(x: $0, y: $1) }, color: color)
    }
}
