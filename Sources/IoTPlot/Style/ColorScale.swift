/// Maps numbers to colours by linear interpolation (in sRGB) between stops.
///
/// Values below the first stop take its colour, values above the last stop take the last colour, and
/// NaN takes ``missing``. Lookup is O(number of stops).
public struct ColorScale: Sendable, Hashable {
    /// One anchor of the scale: `value` is drawn exactly as `color`.
    public struct Stop: Sendable, Hashable {
        public var value: Double
        public var color: PlotColor

        public init(_ value: Double, _ color: PlotColor) {
            self.value = value
            self.color = color
        }
    }

    /// Stops in ascending order of value, at least two, all values finite and distinct.
    public let stops: [Stop]
    /// Colour for NaN (undefined values, such as the correlation of a constant column).
    public var missing: PlotColor = PlotColor(hex: 0xC8C8C8)

    /// A scale through `stops`, which are sorted here. Fewer than two distinct finite stops are
    /// widened to a scale from the one colour to itself over [v, v + 1] (or [0, 1] when none is given).
    public init(stops: [Stop]) {
        var sorted = stops.filter { $0.value.isFinite }.sorted { $0.value < $1.value }
        var distinct: [Stop] = []
        for stop in sorted where distinct.last?.value != stop.value { distinct.append(stop) }
        sorted = distinct
        if sorted.isEmpty { sorted = [Stop(0, .white), Stop(1, .white)] }
        if sorted.count == 1 { sorted.append(Stop(sorted[0].value + 1, sorted[0].color)) }
        self.stops = sorted
    }

    /// The smallest value with its own colour.
    public var lowerBound: Double { stops[0].value }
    /// The largest value with its own colour.
    public var upperBound: Double { stops[stops.count - 1].value }

    /// The colour for `value`, clamped to the scale's range; ``missing`` for NaN.
    public func color(for value: Double) -> PlotColor {
        if value.isNaN { return missing }
        if value <= lowerBound { return stops[0].color }
        if value >= upperBound { return stops[stops.count - 1].color }
        var upper = 1
        while stops[upper].value < value { upper += 1 }
        let low = stops[upper - 1], high = stops[upper]
        return low.color.mixed(with: high.color, fraction: (value - low.value) / (high.value - low.value))
    }

    /// Diverging scale for correlations: −1 blue, 0 white, +1 red (ColorBrewer RdBu, with a pure white centre).
    public static let correlation = ColorScale(stops: [
        Stop(-1, PlotColor(hex: 0x2166AC)), Stop(-2.0 / 3, PlotColor(hex: 0x67A9CF)),
        Stop(-1.0 / 3, PlotColor(hex: 0xD1E5F0)), Stop(0, .white),
        Stop(1.0 / 3, PlotColor(hex: 0xFDDBC7)), Stop(2.0 / 3, PlotColor(hex: 0xEF8A62)),
        Stop(1, PlotColor(hex: 0xB2182B)),
    ])

    /// Sequential scale for counts and rates: `lower` white … `upper` dark blue (ColorBrewer Blues).
    /// An empty or inverted range is widened to [lower, lower + 1].
    public static func sequential(from lower: Double = 0, to upper: Double) -> ColorScale {
        let low = lower.isFinite ? lower : 0
        let high = upper.isFinite && upper > low ? upper : low + 1
        let colours: [UInt32] = [0xFFFFFF, 0xDEEBF7, 0x9ECAE1, 0x4292C6, 0x08519C, 0x08306B]
        let stops = colours.enumerated().map { index, hex in
            Stop(low + (high - low) * Double(index) / Double(colours.count - 1), PlotColor(hex: hex))
        }
        return ColorScale(stops: stops)
    }
}
