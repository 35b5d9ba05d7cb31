extension PlotScene {
    /// The raster renderer: draws every item onto a new ``Canvas`` of the scene's size.
    /// O(pixels covered by the items + width · height).
    public func rasterized() -> Canvas {
        var canvas = Canvas(width: width, height: height, background: background)
        for item in items {
            switch item {
            case .rect(let frame, let fill, let stroke, _):
                canvas.fillRect(frame, color: fill)
                if let stroke { canvas.strokeRect(frame, color: stroke) }
            case .gradient(let frame, let scale):
                canvas.fillGradient(frame, scale: scale)
            case .polyline(let points, let color, let width, let dash, _):
                canvas.strokePolyline(points, color: color, width: width, dash: dash)
            case .text(let text):
                canvas.drawText(text.string, x: text.x, baseline: text.y, scale: text.scale, color: text.color,
                                anchor: text.anchor, orientation: text.orientation)
            }
        }
        return canvas
    }

    /// The scene as PNG bytes. O(width · height).
    /// - Throws: ``PlotError`` if the scene is empty or zlib fails.
    public func png() throws -> [UInt8] {
        try PNGEncoder.encode(rasterized())
    }
}
