/// One line of text placed in a ``PlotScene``, drawn with ``BitmapFont`` metrics in both renderers.
public struct TextItem: Sendable, Hashable {
    public var string: String
    /// Anchor position in pixels. Horizontal text: `x` is where `anchor` sits and `y` is the baseline row.
    /// Vertical text (reading upwards): `x` is the baseline column and `y` is where `anchor` sits.
    public var x: Int
    public var y: Int
    /// Integer magnification of the 5 × 7 font (1 → 7-pixel capitals, 2 → 14-pixel, …).
    public var scale: Int
    public var color: PlotColor
    public var anchor: TextAnchor
    public var orientation: TextOrientation
    /// Full text shown on hover in SVG (e.g. the untruncated label); ignored in PNG.
    public var tooltip: String?

    public init(_ string: String, x: Int, y: Int, scale: Int = 1, color: PlotColor = .ink,
                anchor: TextAnchor = .start, orientation: TextOrientation = .horizontal, tooltip: String? = nil) {
        self.string = string
        self.x = x
        self.y = y
        self.scale = max(1, scale)
        self.color = color
        self.anchor = anchor
        self.orientation = orientation
        self.tooltip = tooltip
    }

    /// Length along the reading direction, pixels.
    public var length: Int { BitmapFont.width(of: string, scale: scale) }

    /// The box holding every pixel the text can draw (capitals to descenders), pixels. O(length).
    public var bounds: PlotRect {
        let length = self.length
        let shift: Int
        switch anchor {
        case .start: shift = 0
        case .middle: shift = length / 2
        case .end: shift = length
        }
        let thickness = Double((BitmapFont.ascent + BitmapFont.descent) * scale)
        switch orientation {
        case .horizontal:
            return PlotRect(x: Double(x - shift), y: Double(y - BitmapFont.ascent * scale),
                            width: Double(length), height: thickness)
        case .vertical:
            return PlotRect(x: Double(x - BitmapFont.ascent * scale), y: Double(y + shift - length),
                            width: thickness, height: Double(length))
        }
    }
}
