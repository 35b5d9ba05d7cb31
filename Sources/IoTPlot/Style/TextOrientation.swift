/// The reading direction of a line of text.
public enum TextOrientation: Sendable, Hashable {
    /// Left to right, the usual way.
    case horizontal
    /// Rotated 90° counter-clockwise: reads from bottom to top, glyph tops towards the left
    /// (SVG `rotate(-90)`); used for column labels and vertical axis titles.
    case vertical
}
