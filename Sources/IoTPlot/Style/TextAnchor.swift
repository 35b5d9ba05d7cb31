/// Which point of a line of text its anchor position names, along the reading direction
/// (the same meaning as SVG's `text-anchor`).
public enum TextAnchor: Sendable, Hashable {
    /// The anchor is where the text begins.
    case start
    /// The anchor is the middle of the text.
    case middle
    /// The anchor is where the text ends.
    case end
}
