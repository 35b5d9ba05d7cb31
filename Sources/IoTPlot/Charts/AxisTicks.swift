import Foundation

/// Round tick values (1, 2 or 5 × 10ᵏ apart) for an axis or colour bar, and the format that prints
/// them without superfluous digits.
public struct AxisTicks: Sendable, Hashable {
    /// Tick values in ascending order, all inside the requested range.
    public let values: [Double]
    /// Distance between neighbouring ticks.
    public let step: Double
    /// Enough decimals to tell ticks apart, no more.
    public let format: ValueFormat

    /// About `targetCount` ticks inside [lower, upper]. A degenerate or non-finite range gives the one
    /// finite end (or none). O(number of ticks).
    public init(lower: Double, upper: Double, targetCount: Int) {
        guard lower.isFinite, upper.isFinite, upper > lower else {
            values = lower.isFinite ? [lower] : []
            step = 1
            format = .decimal(places: 0)
            return
        }
        let step = Self.niceStep(span: upper - lower, targetCount: targetCount)
        var values: [Double] = []
        var index = (lower / step - 1e-9).rounded(.up)
        while index * step <= upper + step * 1e-9 {
            let value = index * step
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            index += 1
        }
        self.values = values
        self.step = step
        format = .decimal(places: max(0, Int(-(log10(step) + 1e-9).rounded(.down))))
    }

    /// [lower, upper] widened outwards to multiples of a round step, for axes fitted to data; a single
    /// value v becomes [v − 1, v + 1] (or [0, 1] for non-finite input).
    public static func niceRange(lower: Double, upper: Double, targetCount: Int) -> ClosedRange<Double> {
        guard lower.isFinite, upper.isFinite else { return 0...1 }
        if upper <= lower { return (lower - 1)...(lower + 1) }
        let step = niceStep(span: upper - lower, targetCount: targetCount)
        return ((lower / step + 1e-9).rounded(.down) * step)...((upper / step - 1e-9).rounded(.up) * step)
    }

    /// The round step (1, 2, 5 or 10 × 10ᵏ) closest to `span / targetCount`.
    static func niceStep(span: Double, targetCount: Int) -> Double {
        let rough = span / Double(max(1, targetCount))
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let normalised = rough / magnitude
        let factor: Double = normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10
        return factor * magnitude
    }
}
