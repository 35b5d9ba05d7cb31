extension PlotScene {
    /// The vector renderer: the same items as SVG elements. Text uses a monospace font of
    /// 10 × scale pixels, whose 0.6 em advance matches ``BitmapFont``'s 6 pixels per character. O(items).
    public func svgDocument() -> SVGDocument {
        var document = SVGDocument(width: Double(width), height: Double(height), background: background)
        for item in items {
            switch item {
            case .rect(let frame, let fill, let stroke, let tooltip):
                document.rect(x: frame.x, y: frame.y, width: frame.width, height: frame.height, fill: fill,
                              stroke: stroke, title: tooltip)
            case .gradient(let frame, let scale):
                document.gradientRect(x: frame.x, y: frame.y, width: frame.width, height: frame.height, scale: scale)
            case .polyline(let points, let color, let width, let dash, let tooltip):
                if points.count == 2, tooltip == nil {
                    document.line(x1: points[0].x, y1: points[0].y, x2: points[1].x, y2: points[1].y,
                                  stroke: color, width: width, dash: dash)
                } else {
                    document.polyline(points, stroke: color, width: width, dash: dash, title: tooltip)
                }
            case .text(let text):
                document.text(text.string, x: Double(text.x), y: Double(text.y),
                              fontSize: Double(BitmapFont.lineHeight * text.scale), fill: text.color,
                              anchor: text.anchor, rotation: text.orientation == .vertical ? -90 : 0,
                              title: text.tooltip)
            }
        }
        return document
    }

    /// The scene as SVG text. O(items).
    public func svg() -> String {
        svgDocument().text
    }
}
