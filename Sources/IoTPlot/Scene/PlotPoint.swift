/// A point in pixels: x to the right, y downwards, origin at the top-left corner of the picture.
public struct PlotPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
