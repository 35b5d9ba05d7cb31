/// A chart's complete geometry: a list of drawing instructions in pixels.
///
/// Charts compute one scene (their layout) and hand it to two renderers, ``rasterized()`` for PNG and
/// ``svgDocument()`` for SVG, so both outputs share every coordinate. Items draw in order, later on top.
public struct PlotScene: Sendable {
    /// Picture width in pixels.
    public var width: Int
    /// Picture height in pixels.
    public var height: Int
    public var background: PlotColor
    public var items: [SceneItem] = []

    public init(width: Int, height: Int, background: PlotColor = .white) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.background = background
    }

    /// Adds a filled rectangle. O(1).
    public mutating func rect(_ frame: PlotRect, fill: PlotColor, stroke: PlotColor? = nil, tooltip: String? = nil) {
        items.append(.rect(frame, fill: fill, stroke: stroke, tooltip: tooltip))
    }

    /// Adds a straight line. O(1).
    public mutating func line(from start: PlotPoint, to end: PlotPoint, color: PlotColor, width: Double = 1,
                              dash: [Double] = []) {
        items.append(.polyline([start, end], color: color, width: width, dash: dash, tooltip: nil))
    }

    /// Adds a line of text. O(1).
    public mutating func text(_ item: TextItem) {
        items.append(.text(item))
    }

    /// Every text item, in drawing order. O(items).
    public var texts: [TextItem] {
        items.compactMap { item in
            if case .text(let text) = item { return text }
            return nil
        }
    }
}
