/// Horizontal bars with labels on the left and values printed at the bar ends, e.g. feature importances.
///
/// Sizes are pixels: bars are 22 pixels thick on a 30-pixel pitch, text uses the font at scale 2, and the
/// picture is ``width`` wide (wider if the labels and values need it). Negative values extend left of a
/// zero line in ``negativeColor``; NaN values print `n/a` with no bar. Labels longer than
/// ``maximumLabelLength`` characters are shortened with `...`. Layout is O(n log n) for n values (sort).
public struct BarChart: Chart {
    public let labels: [String]
    public let values: [Double]
    public var title: String
    /// Title under the value axis, e.g. "mean decrease in impurity".
    public var valueLabel: String
    /// Show only the first `limit` bars after sorting (nil: all).
    public var limit: Int?
    /// Largest value first (NaN last); false keeps the given order.
    public var sortsDescending = true
    public var color: PlotColor = Palette.categorical[0]
    public var negativeColor: PlotColor = Palette.categorical[2]
    public var valueFormat: ValueFormat = .decimal(places: 3)
    /// Picture width in pixels.
    public var width = 760
    public var maximumLabelLength = 40

    /// Bars for `values`, one per label.
    /// - Throws: ``PlotError/shapeMismatch(_:)`` if the counts differ.
    public init(labels: [String], values: [Double], title: String = "", valueLabel: String = "") throws {
        guard labels.count == values.count else {
            throw PlotError.shapeMismatch("\(labels.count) labels but \(values.count) values")
        }
        self.labels = labels
        self.values = values
        self.title = title
        self.valueLabel = valueLabel
    }

    /// The `top` most important features, largest first.
    /// - Throws: ``PlotError/shapeMismatch(_:)`` if `names` and `importances` differ in length.
    public static func featureImportances(names: [String], importances: [Double], top: Int = 20,
                                          title: String = "Feature importance") throws -> BarChart {
        var chart = try BarChart(labels: names, values: importances, title: title, valueLabel: "importance")
        chart.limit = max(1, top)
        return chart
    }

    public func scene() -> PlotScene {
        layout().scene
    }

    /// The geometry, with the label area and bar area frames.
    public func layout() -> BarChartLayout {
        let fontScale = 2, titleScale = 2
        let padding = 16, gap = 8, tickLength = 5, thickness = 22, pitch = 30
        let line = BitmapFont.lineHeight * fontScale
        let halfCap = BitmapFont.ascent * fontScale / 2

        var entries = Array(zip(labels, values))
        if sortsDescending {
            entries = entries.enumerated().sorted { left, right in
                let a = left.element.1, b = right.element.1
                if a.isNaN != b.isNaN { return b.isNaN }
                if a != b && !a.isNaN { return a > b }
                return left.offset < right.offset  // stable for ties and NaN
            }.map(\.element)
        }
        if let limit { entries = Array(entries.prefix(max(0, limit))) }
        let shownLabels = entries.map { shortened($0.0) }
        let texts = entries.map { $0.1.isNaN ? "n/a" : valueFormat.string($0.1) }

        let finiteValues = entries.map(\.1).filter(\.isFinite)
        let lowest = min(0, finiteValues.min() ?? 0), highest = max(0, finiteValues.max() ?? 0)
        let span = highest > lowest ? highest - lowest : 1
        func textWidth(where include: (Double) -> Bool) -> Int {
            zip(entries, texts).filter { include($0.0.1) }.map { BitmapFont.width(of: $0.1, scale: fontScale) }.max() ?? 0
        }
        let positiveRoom = textWidth { !($0 < 0) } + 2 * gap  // NaN prints right of zero too
        let negativeRoom = lowest < 0 ? textWidth { $0 < 0 } + 2 * gap : 0
        let labelWidth = shownLabels.map { BitmapFont.width(of: $0, scale: fontScale) }.max() ?? 0

        let top = padding + (title.isEmpty ? 0 : BitmapFont.lineHeight * titleScale + 2 * gap)
        let barsLeft = padding + labelWidth + gap
        let pictureWidth = max(width, barsLeft + negativeRoom + 160 + positiveRoom + padding,
                               BitmapFont.width(of: title, scale: titleScale) + 2 * padding)
        let barAreaWidth = pictureWidth - padding - barsLeft
        let pixelsPerUnit = Double(barAreaWidth - negativeRoom - positiveRoom) / span
        let zeroX = (Double(barsLeft + negativeRoom) + -lowest * pixelsPerUnit).rounded(.down) + 0.5
        let rowsHeight = entries.count * pitch
        let axisY = top + rowsHeight
        let pictureHeight = axisY + tickLength + gap + line + (valueLabel.isEmpty ? 0 : gap + line) + padding

        var scene = PlotScene(width: pictureWidth, height: pictureHeight)
        if !title.isEmpty {
            scene.text(TextItem(title, x: pictureWidth / 2, y: padding + BitmapFont.ascent * titleScale,
                                scale: titleScale, anchor: .middle))
        }

        // Value axis: grid lines behind the bars, ticks and labels below.
        let ticks = AxisTicks(lower: lowest, upper: highest > lowest ? highest : lowest + 1,
                              targetCount: max(2, (barAreaWidth - negativeRoom - positiveRoom) / 110))
        for value in ticks.values {
            let x = (zeroX - 0.5 + value * pixelsPerUnit).rounded(.down) + 0.5
            scene.line(from: PlotPoint(x: x, y: Double(top)), to: PlotPoint(x: x, y: Double(axisY)), color: .grid)
            scene.line(from: PlotPoint(x: x, y: Double(axisY)), to: PlotPoint(x: x, y: Double(axisY + tickLength)), color: .ink)
            scene.text(TextItem(ticks.format.string(value), x: Int(x), y: axisY + tickLength + gap + BitmapFont.ascent * fontScale,
                                scale: fontScale, anchor: .middle))
        }
        let axisLeft = zeroX - 0.5 + lowest * pixelsPerUnit, axisRight = zeroX - 0.5 + highest * pixelsPerUnit
        scene.line(from: PlotPoint(x: axisLeft, y: Double(axisY) + 0.5), to: PlotPoint(x: axisRight, y: Double(axisY) + 0.5),
                   color: .ink)
        if !valueLabel.isEmpty {
            scene.text(TextItem(valueLabel, x: Int((axisLeft + axisRight) / 2),
                                y: axisY + tickLength + gap + line + gap + BitmapFont.ascent * fontScale,
                                scale: fontScale, color: .mutedInk, anchor: .middle))
        }

        // Bars, labels and values.
        for (index, entry) in entries.enumerated() {
            let rowTop = top + index * pitch + (pitch - thickness) / 2
            let baseline = rowTop + thickness / 2 + halfCap
            let label = entry.0, value = entry.1
            scene.text(TextItem(shownLabels[index], x: barsLeft - gap, y: baseline, scale: fontScale, anchor: .end,
                                tooltip: shownLabels[index] == label ? nil : label))
            guard value.isFinite else {
                scene.text(TextItem(texts[index], x: Int(zeroX) + gap, y: baseline, scale: fontScale, color: .mutedInk))
                continue
            }
            let end = zeroX - 0.5 + value * pixelsPerUnit
            let barLeft = min(zeroX - 0.5, end), barWidth = abs(end - (zeroX - 0.5))
            scene.rect(PlotRect(x: barLeft, y: Double(rowTop), width: barWidth, height: Double(thickness)),
                       fill: value < 0 ? negativeColor : color, tooltip: "\(label): \(texts[index])")
            if value < 0 {
                scene.text(TextItem(texts[index], x: Int(end.rounded(.down)) - gap, y: baseline, scale: fontScale, anchor: .end))
            } else {
                scene.text(TextItem(texts[index], x: Int(end.rounded(.up)) + gap, y: baseline, scale: fontScale))
            }
        }
        scene.line(from: PlotPoint(x: zeroX, y: Double(top)), to: PlotPoint(x: zeroX, y: Double(axisY)), color: .ink)

        return BarChartLayout(
            scene: scene,
            labelFrame: PlotRect(x: Double(padding), y: Double(top), width: Double(labelWidth), height: Double(rowsHeight)),
            barAreaFrame: PlotRect(x: Double(barsLeft), y: Double(top), width: Double(barAreaWidth), height: Double(rowsHeight)),
            zeroX: zeroX, shown: entries.map { (label: $0.0, value: $0.1) })
    }

    /// `label` cut to ``maximumLabelLength`` characters, the last three being `...`.
    private func shortened(_ label: String) -> String {
        let limit = max(4, maximumLabelLength)
        return label.count <= limit ? label : String(label.prefix(limit - 3)) + "..."
    }
}
