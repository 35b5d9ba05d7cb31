/// One drawing instruction of a ``PlotScene``, in pixels.
public enum SceneItem: Sendable, Hashable {
    /// A filled rectangle, optionally outlined by a 1-pixel line centred on its edges; the tooltip
    /// becomes an SVG `<title>`.
    case rect(PlotRect, fill: PlotColor, stroke: PlotColor?, tooltip: String?)
    /// A rectangle filled with a vertical colour ramp: top `scale.upperBound`, bottom `scale.lowerBound`.
    case gradient(PlotRect, ColorScale)
    /// Connected segments; `dash` alternates drawn and skipped lengths (empty: solid).
    case polyline([PlotPoint], color: PlotColor, width: Double, dash: [Double], tooltip: String?)
    /// A line of text.
    case text(TextItem)
}
