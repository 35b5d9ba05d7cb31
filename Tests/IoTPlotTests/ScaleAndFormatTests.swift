import Testing
@testable import IoTPlot

@Suite("Colour scales, ticks and number formats")
struct ScaleAndFormatTests {
    @Test func correlationScaleIsBlueWhiteRed() {
        let scale = ColorScale.correlation
        let blue = scale.color(for: -1), white = scale.color(for: 0), red = scale.color(for: 1)
        #expect(Int(blue.blue) > Int(blue.red) + 80 && Int(blue.blue) > Int(blue.green) + 40, "\(blue)")
        #expect(white == .white)
        #expect(Int(red.red) > Int(red.blue) + 80 && Int(red.red) > Int(red.green) + 80, "\(red)")
        #expect(scale.color(for: -5) == blue && scale.color(for: 5) == red, "clamped outside [-1, 1]")
        #expect(scale.color(for: .nan) == scale.missing)
        // Weak correlations are pale, strong ones saturated.
        #expect(scale.color(for: 0.1).luminance > scale.color(for: 0.9).luminance)
        #expect(scale.color(for: -0.1).luminance > scale.color(for: -0.9).luminance)
    }

    @Test func sequentialScaleGoesFromWhiteToDarkBlue() {
        let scale = ColorScale.sequential(from: 0, to: 200)
        #expect(scale.color(for: 0) == .white)
        let dark = scale.color(for: 200)
        #expect(dark.luminance < 0.05 && dark.blue > dark.red)
        let samples = stride(from: 0.0, through: 200, by: 10).map { scale.color(for: $0).luminance }
        #expect(zip(samples, samples.dropFirst()).allSatisfy { $0 > $1 }, "luminance falls monotonically")
        #expect(ColorScale.sequential(from: 3, to: 3).upperBound == 4, "an empty range is widened")
    }

    @Test func ticksAreRound() {
        let unit = AxisTicks(lower: 0, upper: 1, targetCount: 5)
        #expect(unit.values.count == 6 && unit.values.first == 0 && unit.values.last == 1)
        #expect(unit.values.map { unit.format.string($0) } == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let correlation = AxisTicks(lower: -1, upper: 1, targetCount: 4)
        #expect(correlation.values.map { correlation.format.string($0) } == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
        let counts = AxisTicks(lower: 0, upper: 12_345, targetCount: 5)
        #expect(counts.values == [0, 2000, 4000, 6000, 8000, 10000, 12000])
        let fitted = AxisTicks.niceRange(lower: 0.13, upper: 0.87, targetCount: 5)  // step 0.1
        #expect(abs(fitted.lowerBound - 0.1) < 1e-12 && abs(fitted.upperBound - 0.9) < 1e-12)
    }

    @Test func valueFormats() {
        #expect(ValueFormat.decimal(places: 2).string(-0.004) == "0.00", "no negative zero")
        #expect(ValueFormat.decimal(places: 2).string(-0.456) == "-0.46")
        #expect(ValueFormat.integer.string(2.5) == "3" && ValueFormat.integer.string(-2.5) == "-3", "half away from zero")
        #expect(ValueFormat.integer.string(1204.6) == "1205")
        #expect(ValueFormat.percent(places: 1).string(0.9312) == "93.1%")
        #expect(ValueFormat.decimal(places: 2).string(.nan) == "nan")
        #expect(ValueFormat.decimal(places: 1).string(-.infinity) == "-inf")
    }

    @Test func contrastingTextIsReadable() {
        #expect(PlotColor(hex: 0x08306B).contrastingText == .white)
        #expect(PlotColor.white.contrastingText == .ink)
    }
}
