/// Named curves on x/y axes with ticks, grid, legend and title; ``roc(_:title:)`` sets it up for ROC
/// curves (both axes [0, 1], dashed chance diagonal, legend in the empty lower right).
///
/// Sizes are pixels; the picture is ``width`` × ``height`` and the plot area is what remains after
/// title, tick labels, axis titles and an outside legend. Segments are clipped to the axis ranges.
/// Layout is O(total points + series).
public struct LineChart: Chart {
    /// Where the legend goes.
    public enum LegendPlacement: Sendable, Hashable {
        case insideBottomRight
        case insideTopLeft
        /// Right of the plot area (the plot narrows); best for many series.
        case outsideRight
        case hidden
    }

    public var series: [LineSeries]
    public var title: String
    /// Title under the x axis.
    public var xLabel: String
    /// Title left of the y axis, reading upwards.
    public var yLabel: String
    /// Visible x range; nil fits the data, widened to round ticks.
    public var xRange: ClosedRange<Double>?
    /// Visible y range; nil fits the data, widened to round ticks.
    public var yRange: ClosedRange<Double>?
    /// Draws the dashed line y = x (the chance level of a ROC curve).
    public var showsDiagonal = false
    public var legend: LegendPlacement = .outsideRight
    /// Picture width in pixels.
    public var width = 760
    /// Picture height in pixels.
    public var height = 600

    public init(series: [LineSeries], title: String = "", xLabel: String = "", yLabel: String = "") {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// ROC curves: x false-positive rate, y true-positive rate, both [0, 1], with the chance diagonal.
    /// The legend sits inside at the lower right for up to 10 curves, outside otherwise.
    public static func roc(_ curves: [LineSeries], title: String = "ROC curve") -> LineChart {
        var chart = LineChart(series: curves, title: title, xLabel: "false positive rate", yLabel: "true positive rate")
        chart.xRange = 0...1
        chart.yRange = 0...1
        chart.showsDiagonal = true
        chart.legend = curves.count <= 10 ? .insideBottomRight : .outsideRight
        chart.width = curves.count <= 10 ? 640 : 900
        chart.height = 640
        return chart
    }

    public func scene() -> PlotScene {
        layout().scene
    }

    /// The geometry, with the plot frame and the ranges it shows.
    public func layout() -> LineChartLayout {
        let fontScale = 2, titleScale = 2
        let padding = 16, gap = 8, tickLength = 5
        let line = BitmapFont.lineHeight * fontScale
        let halfCap = BitmapFont.ascent * fontScale / 2

        let finite = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let xDomain = xRange.flatMap(Self.usable) ?? AxisTicks.niceRange(
            lower: finite.map(\.x).min() ?? 0, upper: finite.map(\.x).max() ?? 1, targetCount: 6)
        let yDomain = yRange.flatMap(Self.usable) ?? AxisTicks.niceRange(
            lower: finite.map(\.y).min() ?? 0, upper: finite.map(\.y).max() ?? 1, targetCount: 6)

        // Vertical extent first: y tick labels decide the left margin.
        let top = padding + (title.isEmpty ? 0 : BitmapFont.lineHeight * titleScale + 2 * gap)
        let bottomMargin = tickLength + gap + line + (xLabel.isEmpty ? 0 : gap + line) + padding
        let plotHeight = max(40, height - top - bottomMargin)
        let yTicks = AxisTicks(lower: yDomain.lowerBound, upper: yDomain.upperBound, targetCount: max(2, plotHeight / 70))
        let yTickLabels = yTicks.values.map { yTicks.format.string($0) }
        let yTickWidth = yTickLabels.map { BitmapFont.width(of: $0, scale: fontScale) }.max() ?? 0
        let left = padding + (yLabel.isEmpty ? 0 : line + gap) + yTickWidth + gap + tickLength

        // Legend size (drawn later), then the horizontal extent.
        let shown = series.enumerated().map { index, series in
            (series: series, color: series.color ?? Palette.color(at: index), dash: Palette.dash(at: index))
        }
        let swatch = 28, legendInset = 8, legendRow = line + 6
        let nameWidth = shown.map { BitmapFont.width(of: $0.series.name, scale: fontScale) }.max() ?? 0
        // 8 extra pixels: SVG viewers' monospace fonts run slightly wider than the bitmap font.
        let legendSize = (width: legendInset * 2 + swatch + gap + nameWidth + 8, height: legendInset * 2 + shown.count * legendRow - 6)
        let hasLegend = legend != .hidden && !shown.isEmpty
        var right = padding + 24  // room for the last x tick label's right half
        if hasLegend && legend == .outsideRight { right = padding + legendSize.width + 2 * gap }
        let pictureWidth = max(width, left + 120 + right)
        let plotWidth = pictureWidth - left - right
        let xTicks = AxisTicks(lower: xDomain.lowerBound, upper: xDomain.upperBound, targetCount: max(2, plotWidth / 90))
        let plotFrame = PlotRect(x: Double(left), y: Double(top), width: Double(plotWidth), height: Double(plotHeight))
        let pictureHeight = max(height, top + plotHeight + bottomMargin, hasLegend && legend == .outsideRight
            ? top + legendSize.height + padding : 0)

        func pixelX(_ x: Double) -> Double {
            plotFrame.minX + (x - xDomain.lowerBound) / (xDomain.upperBound - xDomain.lowerBound) * plotFrame.width
        }
        func pixelY(_ y: Double) -> Double {
            plotFrame.maxY - (y - yDomain.lowerBound) / (yDomain.upperBound - yDomain.lowerBound) * plotFrame.height
        }

        var scene = PlotScene(width: pictureWidth, height: pictureHeight)
        if !title.isEmpty {
            scene.text(TextItem(title, x: left + plotWidth / 2, y: padding + BitmapFont.ascent * titleScale,
                                scale: titleScale, anchor: .middle))
        }

        // Grid and ticks; lines sit on pixel centres so 1-pixel lines stay sharp.
        for (value, label) in zip(xTicks.values, xTicks.values.map { xTicks.format.string($0) }) {
            let x = pixelX(value).rounded(.down) + 0.5
            scene.line(from: PlotPoint(x: x, y: plotFrame.minY), to: PlotPoint(x: x, y: plotFrame.maxY), color: .grid)
            scene.line(from: PlotPoint(x: x, y: plotFrame.maxY), to: PlotPoint(x: x, y: plotFrame.maxY + Double(tickLength)),
                       color: .ink)
            scene.text(TextItem(label, x: Int(x), y: top + plotHeight + tickLength + gap + BitmapFont.ascent * fontScale,
                                scale: fontScale, anchor: .middle))
        }
        for (value, label) in zip(yTicks.values, yTickLabels) {
            let y = pixelY(value).rounded(.down) + 0.5
            scene.line(from: PlotPoint(x: plotFrame.minX, y: y), to: PlotPoint(x: plotFrame.maxX, y: y), color: .grid)
            scene.line(from: PlotPoint(x: plotFrame.minX - Double(tickLength), y: y), to: PlotPoint(x: plotFrame.minX, y: y),
                       color: .ink)
            scene.text(TextItem(label, x: left - tickLength - gap, y: Int(y) + halfCap, scale: fontScale, anchor: .end))
        }
        if !xLabel.isEmpty {
            scene.text(TextItem(xLabel, x: left + plotWidth / 2,
                                y: top + plotHeight + tickLength + gap + line + gap + BitmapFont.ascent * fontScale,
                                scale: fontScale, anchor: .middle))
        }
        if !yLabel.isEmpty {
            scene.text(TextItem(yLabel, x: padding + BitmapFont.ascent * fontScale, y: top + plotHeight / 2,
                                scale: fontScale, anchor: .middle, orientation: .vertical))
        }

        // Chance diagonal, then the curves, clipped to the visible ranges.
        if showsDiagonal {
            let low = max(xDomain.lowerBound, yDomain.lowerBound), high = min(xDomain.upperBound, yDomain.upperBound)
            if low < high {
                scene.line(from: PlotPoint(x: pixelX(low), y: pixelY(low)), to: PlotPoint(x: pixelX(high), y: pixelY(high)),
                           color: .mutedInk, width: 1.5, dash: [6, 5])
            }
        }
        for entry in shown {
            for run in Self.visibleRuns(entry.series.points, x: xDomain, y: yDomain) {
                let pixels = run.map { PlotPoint(x: pixelX($0.x), y: pixelY($0.y)) }
                scene.items.append(.polyline(pixels, color: entry.color, width: entry.series.lineWidth,
                                             dash: entry.dash, tooltip: entry.series.name))
            }
        }
        scene.rect(PlotRect(x: plotFrame.minX - 0.5, y: plotFrame.minY - 0.5, width: plotFrame.width + 1,
                            height: plotFrame.height + 1), fill: .clear, stroke: .ink)

        // Legend: a white box with a line sample and the name per series.
        var legendFrame: PlotRect?
        if hasLegend {
            let origin: (x: Double, y: Double)
            switch legend {
            case .insideBottomRight:
                origin = (plotFrame.maxX - Double(10 + legendSize.width), plotFrame.maxY - Double(10 + legendSize.height))
            case .insideTopLeft:
                origin = (plotFrame.minX + 10, plotFrame.minY + 10)
            case .outsideRight, .hidden:
                origin = (plotFrame.maxX + Double(2 * gap), plotFrame.minY)
            }
            let frame = PlotRect(x: origin.x.rounded(.down) + 0.5, y: origin.y.rounded(.down) + 0.5,
                                 width: Double(legendSize.width), height: Double(legendSize.height))
            scene.rect(frame, fill: PlotColor(red: 255, green: 255, blue: 255, alpha: 235), stroke: .frame)
            for (index, entry) in shown.enumerated() {
                let rowTop = Int(frame.minY) + legendInset + index * legendRow
                let middle = Double(rowTop + line / 2) + 0.5
                let sampleLeft = frame.minX + Double(legendInset)
                scene.line(from: PlotPoint(x: sampleLeft, y: middle), to: PlotPoint(x: sampleLeft + Double(swatch), y: middle),
                           color: entry.color, width: max(2, entry.series.lineWidth), dash: entry.dash)
                scene.text(TextItem(entry.series.name, x: Int(sampleLeft) + swatch + gap, y: Int(middle) + halfCap,
                                    scale: fontScale))
            }
            legendFrame = frame
        }
        return LineChartLayout(scene: scene, plotFrame: plotFrame, legendFrame: legendFrame, xRange: xDomain, yRange: yDomain)
    }

    /// `range` if finite and non-empty.
    private static func usable(_ range: ClosedRange<Double>) -> ClosedRange<Double>? {
        range.lowerBound.isFinite && range.upperBound.isFinite && range.upperBound > range.lowerBound ? range : nil
    }

    /// The parts of the polyline through `points` inside the rectangle `x` × `y`: non-finite points split
    /// it, each segment is clipped (Liang–Barsky), and consecutive visible pieces are joined. O(points).
    static func visibleRuns(_ points: [PlotPoint], x: ClosedRange<Double>, y: ClosedRange<Double>) -> [[PlotPoint]] {
        var runs: [[PlotPoint]] = []
        var current: [PlotPoint] = []
        func flush() {
            if current.count >= 2 { runs.append(current) }
            current = []
        }
        if points.count == 1, let only = points.first, x.contains(only.x), y.contains(only.y) { return [[only, only]] }
        for index in points.indices.dropFirst() {
            let a = points[index - 1], b = points[index]
            guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite,
                  let (start, end) = clip(a, b, x: x, y: y) else {
                flush()
                continue
            }
            if current.last != start { flush(); current = [start] }
            current.append(end)
        }
        flush()
        return runs
    }

    /// The part of segment a–b inside the rectangle, or nil (Liang–Barsky). O(1).
    static func clip(_ a: PlotPoint, _ b: PlotPoint, x: ClosedRange<Double>, y: ClosedRange<Double>) -> (PlotPoint, PlotPoint)? {
        var enter = 0.0, leave = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - x.lowerBound), (dx, x.upperBound - a.x), (-dy, a.y - y.lowerBound), (dy, y.upperBound - a.y)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let t = q / p
                if p < 0 { enter = max(enter, t) } else { leave = min(leave, t) }
            }
        }
        guard enter <= leave else { return nil }
        let start = enter == 0 ? a : PlotPoint(x: a.x + enter * dx, y: a.y + enter * dy)
        let end = leave == 1 ? b : PlotPoint(x: a.x + leave * dx, y: a.y + leave * dy)
        return (start, end)
    }
}
