import Foundation
import Testing
@testable import IoTPlot

@Suite("Line and bar charts")
struct LineAndBarChartTests {
    static func rocCurve(power: Double, count: Int = 200) -> [PlotPoint] {
        (0...count).map { index in
            let fpr = Double(index) / Double(count)
            return PlotPoint(x: fpr, y: pow(fpr, power))
        }
    }

    @Test func rocChartMapsDataOntoThePlotFrame() throws {
        let colour = PlotColor(hex: 0xE15759)
        let chart = LineChart.roc([LineSeries(name: "model", points: Self.rocCurve(power: 0.2), color: colour)])
        let layout = chart.layout()
        #expect(layout.xRange == 0...1 && layout.yRange == 0...1)
        let frame = layout.plotFrame
        let curve = try #require(layout.scene.items.compactMap { item -> [PlotPoint]? in
            if case .polyline(let points, let color, _, _, _) = item, color == colour, points.count > 2 { return points }
            return nil
        }.first)
        #expect(curve.first == PlotPoint(x: frame.minX, y: frame.maxY), "(0, 0) is the lower-left corner")
        #expect(curve.last == PlotPoint(x: frame.maxX, y: frame.minY), "(1, 1) is the upper-right corner")
        // The raster shows the curve's colour where the curve passes: x = 0.5 → y = 0.5^0.2.
        let canvas = layout.scene.rasterized()
        let px = Int(frame.minX + 0.5 * frame.width), py = Int(frame.maxY - pow(0.5, 0.2) * frame.height)
        let nearby = (-2...2).compactMap { canvas.pixel(x: px, y: py + $0) }
        #expect(nearby.contains(colour))
        // A dashed diagonal, and a legend inside the plot, below the curve.
        #expect(layout.scene.items.contains { item in
            if case .polyline(_, _, _, let dash, _) = item { return !dash.isEmpty }
            return false
        })
        let legend = try #require(layout.legendFrame)
        #expect(frame.contains(legend))
        #expect(layout.scene.texts.contains { $0.string == "model" })
    }

    @Test func segmentsAreClippedToTheRanges() {
        let runs = LineChart.visibleRuns([PlotPoint(x: -1, y: 0.5), PlotPoint(x: 0.5, y: 0.5), PlotPoint(x: 2, y: 0.5),
                                          PlotPoint(x: .nan, y: 0), PlotPoint(x: 0.2, y: 0.2), PlotPoint(x: 0.4, y: 0.4)],
                                         x: 0...1, y: 0...1)
        #expect(runs == [[PlotPoint(x: 0, y: 0.5), PlotPoint(x: 0.5, y: 0.5), PlotPoint(x: 1, y: 0.5)],
                         [PlotPoint(x: 0.2, y: 0.2), PlotPoint(x: 0.4, y: 0.4)]])
        #expect(LineChart.clip(PlotPoint(x: 2, y: 2), PlotPoint(x: 3, y: 3), x: 0...1, y: 0...1) == nil)
    }

    @Test func mismatchedSeriesArraysAreRejected() {
        #expect(throws: PlotError.self) { try LineSeries(name: "bad", x: [0, 1], y: [0]) }
    }

    @Test func manySeriesMoveTheLegendOutside() {
        let curves = (0..<14).map { LineSeries(name: "class \($0)", points: Self.rocCurve(power: 0.1 + 0.05 * Double($0), count: 20)) }
        let layout = LineChart.roc(curves).layout()
        let legend = layout.legendFrame
        #expect(legend.map { $0.minX > layout.plotFrame.maxX } == true)
        #expect(legend.map { $0.maxX <= Double(layout.scene.width) } == true)
    }

    @Test func barChartSortsLimitsAndScalesBars() throws {
        let names = ["IAT", "Rate", "Header_Length", "Protocol Type", "Tot size"]
        var chart = try BarChart.featureImportances(names: names, importances: [0.40, 0.10, 0.20, 0.05, 0.25], top: 3)
        chart.title = "Top features"
        let layout = chart.layout()
        #expect(layout.shown.map(\.label) == ["IAT", "Tot size", "Header_Length"])
        let bars = layout.scene.items.compactMap { item -> PlotRect? in
            if case .rect(let frame, _, _, let tooltip) = item, tooltip != nil { return frame }
            return nil
        }
        #expect(bars.count == 3)
        #expect(abs(bars[0].width / bars[2].width - 2) < 0.01, "0.40 is twice as long as 0.20")
        #expect(bars.allSatisfy { $0.minX >= layout.labelFrame.maxX })
        #expect(layout.labelFrame.width >= Double(BitmapFont.width(of: "Header_Length", scale: 2)))
        for value in ["0.400", "0.250", "0.200"] {
            let text = try #require(layout.scene.texts.first { $0.string == value }, "value \(value) printed")
            #expect(text.bounds.maxX <= Double(layout.scene.width))
        }
        let svg = chart.svg()
        #expect(SVGCollector.parse(svg).0 != nil)
    }

    @Test func negativeBarsExtendLeftOfZero() throws {
        let layout = try BarChart(labels: ["up", "down"], values: [0.3, -0.1]).layout()
        let bars = layout.scene.items.compactMap { item -> (PlotRect, PlotColor)? in
            if case .rect(let frame, let fill, _, let tooltip) = item, tooltip != nil { return (frame, fill) }
            return nil
        }
        #expect(bars.count == 2)
        #expect(bars[0].0.minX >= layout.zeroX - 0.5 && bars[1].0.maxX <= layout.zeroX - 0.5 + 1e-9)
        #expect(bars[0].1 != bars[1].1)
        #expect(throws: PlotError.self) { try BarChart(labels: ["a"], values: [1, 2]) }
    }

    @Test func writeProducesBothFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iotplot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let chart = try BarChart(labels: ["a", "b"], values: [1, 2])
        let pngPath = directory.appendingPathComponent("bars.png").path, svgPath = directory.appendingPathComponent("bars.svg").path
        try chart.write(pngPath: pngPath, svgPath: svgPath)
        let png = try [UInt8](Data(contentsOf: URL(fileURLWithPath: pngPath)))
        #expect(try PNGReader(png).chunks.allSatisfy { $0.crcMatches })
        let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
        #expect(svg == chart.svg())
        #expect(throws: (any Error).self) { try chart.write(pngPath: directory.appendingPathComponent("no/such/dir.png").path) }
    }
}
