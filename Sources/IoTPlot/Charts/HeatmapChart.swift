/// A matrix of values as coloured cells with row and column labels, a colour bar and an optional title:
/// correlation matrices (diverging scale) and confusion matrices (sequential scale).
///
/// Sizes are pixels. Cells are square; by default their side is chosen so the matrix is about 900 pixels
/// across (between 14 and 120 per cell), labels use the font at scale 2 when cells are at least 20 pixels
/// and scale 1 otherwise, and column labels read upwards below the matrix. Labels longer than
/// ``maximumLabelLength`` characters are shortened with `...` (the full text stays in the SVG tooltip).
/// Cells show their value when every value fits its cell (a positive value that rounds to zero shows as
/// `<0.01` or `<1%`). NaN cells are grey. Layout is
/// O(rows · columns + total label length).
public struct HeatmapChart: Chart {
    /// When to print values inside cells.
    public enum Annotations: Sendable, Hashable {
        /// When every formatted value fits inside its cell at scale 1 or more.
        case automatic
        /// Never.
        case never
    }

    /// Row-major values, `values[row][column]`.
    public let values: [[Double]]
    public let rowLabels: [String]
    public let columnLabels: [String]
    public var title: String
    /// Colours for values; NaN uses `scale.missing`.
    public var scale: ColorScale
    /// How values are printed in cells and tooltips.
    public var valueFormat: ValueFormat
    /// What rows are, e.g. "true class", written vertically left of the row labels.
    public var rowAxisTitle: String?
    /// What columns are, e.g. "predicted class", written below the column labels.
    public var columnAxisTitle: String?
    public var annotations: Annotations = .automatic
    /// Whether cells whose value is exactly 0 get a printed number (off for sparse confusion matrices).
    public var annotatesZeros = true
    /// Side of a cell in pixels; nil chooses one from the matrix size.
    public var cellSize: Int?
    /// Labels longer than this many characters are shortened.
    public var maximumLabelLength = 40
    /// Extra tooltip text per cell (e.g. raw counts), `cellNotes[row][column]`; SVG only.
    public var cellNotes: [[String]]?

    /// A heatmap of `values` (one inner array per row).
    /// - Throws: ``PlotError/shapeMismatch(_:)`` if the rows do not number `rowLabels.count` or any row
    ///   does not hold `columnLabels.count` values.
    public init(values: [[Double]], rowLabels: [String], columnLabels: [String], title: String = "",
                scale: ColorScale = .correlation, valueFormat: ValueFormat = .decimal(places: 2)) throws {
        guard values.count == rowLabels.count else {
            throw PlotError.shapeMismatch("\(values.count) rows of values but \(rowLabels.count) row labels")
        }
        if let row = values.firstIndex(where: { $0.count != columnLabels.count }) {
            throw PlotError.shapeMismatch(
                "row \(row) has \(values[row].count) values but there are \(columnLabels.count) column labels")
        }
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.title = title
        self.scale = scale
        self.valueFormat = valueFormat
    }

    /// A correlation matrix of features named `labels` (same order for rows and columns) on the diverging
    /// −1 blue … 0 white … +1 red scale.
    /// - Throws: ``PlotError/shapeMismatch(_:)`` unless `matrix` is `labels.count` square.
    public static func correlation(_ matrix: [[Double]], labels: [String],
                                   title: String = "Feature correlation") throws -> HeatmapChart {
        try HeatmapChart(values: matrix, rowLabels: labels, columnLabels: labels, title: title,
                         scale: .correlation, valueFormat: .decimal(places: 2))
    }

    /// A confusion matrix, `counts[true class][predicted class]`. Row-normalised (each row divided by
    /// its total, so cells are recall-style rates on a 0 … 1 white-to-blue scale, and a row without
    /// samples is NaN) unless `rowNormalised` is false, in which case raw counts are coloured from 0 to
    /// the largest count. Tooltips carry the counts either way; zero cells are left unprinted.
    /// - Throws: ``PlotError/shapeMismatch(_:)`` unless `counts` is `labels.count` square.
    public static func confusionMatrix(_ counts: [[Int]], labels: [String], title: String = "Confusion matrix",
                                       rowNormalised: Bool = true) throws -> HeatmapChart {
        let totals = counts.map { $0.reduce(0, +) }
        let values: [[Double]] = zip(counts, totals).map { row, total in
            row.map { count in rowNormalised ? (total > 0 ? Double(count) / Double(total) : .nan) : Double(count) }
        }
        let largest = counts.flatMap { $0 }.max() ?? 0
        let format: ValueFormat
        if rowNormalised {
            format = labels.count > 12 ? .percent(places: 0) : .decimal(places: 2)
        } else {
            format = .integer
        }
        var chart = try HeatmapChart(
            values: values, rowLabels: labels, columnLabels: labels, title: title,
            scale: rowNormalised ? .sequential(from: 0, to: 1) : .sequential(from: 0, to: Double(max(1, largest))),
            valueFormat: format)
        chart.rowAxisTitle = "true class"
        chart.columnAxisTitle = "predicted class"
        chart.annotatesZeros = false
        chart.cellNotes = zip(counts, totals).map { row, total in row.map { "\($0) of \(total)" } }
        return chart
    }

    public func scene() -> PlotScene {
        layout().scene
    }

    /// The geometry, with frames that tests and callers can check (e.g. labels never reach into cells).
    public func layout() -> HeatmapLayout {
        let rows = rowLabels.count, columns = columnLabels.count
        let cell = cellSize.map { max(4, $0) } ?? min(120, max(14, 900 / max(1, max(rows, columns))))
        let labelScale = cell >= 20 ? 2 : 1
        let titleScale = 2
        let padding = 16, gap = 6
        let labelLine = BitmapFont.lineHeight * labelScale
        let halfCap = BitmapFont.ascent * labelScale / 2
        let shownRows = rowLabels.map(shortened), shownColumns = columnLabels.map(shortened)
        let rowLabelWidth = shownRows.map { BitmapFont.width(of: $0, scale: labelScale) }.max() ?? 0
        let columnLabelHeight = shownColumns.map { BitmapFont.width(of: $0, scale: labelScale) }.max() ?? 0

        // Colour bar ticks: about one per 60 pixels of bar.
        let matrixHeight = rows * cell, matrixWidth = columns * cell
        let barHeight = max(120, matrixHeight)
        let barWidth = min(24, max(12, cell))
        let ticks = AxisTicks(lower: scale.lowerBound, upper: scale.upperBound, targetCount: max(2, min(10, barHeight / 60)))
        let tickLabels = ticks.values.map { tickFormat(ticks).string($0) }
        let tickLabelWidth = tickLabels.map { BitmapFont.width(of: $0, scale: labelScale) }.max() ?? 0

        // Horizontal positions, left to right.
        var x = padding
        let rowAxisTitleBaseline = x + BitmapFont.ascent * labelScale
        if rowAxisTitle != nil { x += labelLine + gap }
        let rowLabelLeft = x
        x += rowLabelWidth + gap
        let matrixLeft = x
        x += matrixWidth + 3 * gap
        let barLeft = x
        x += barWidth + 4 + gap
        let tickLabelLeft = x
        x += tickLabelWidth + padding
        let titleWidth = BitmapFont.width(of: title, scale: titleScale)
        let width = max(x, titleWidth + 2 * padding)

        // Vertical positions, top to bottom.
        var y = padding
        let titleBaseline = y + BitmapFont.ascent * titleScale
        if !title.isEmpty { y += BitmapFont.lineHeight * titleScale + 2 * gap }
        let matrixTop = y
        y += matrixHeight + gap
        let columnLabelTop = y
        y += columnLabelHeight
        let columnAxisTitleBaseline = y + gap + BitmapFont.ascent * labelScale
        if columnAxisTitle != nil { y += gap + labelLine }
        y += padding
        let barTop = matrixTop
        let height = max(y, barTop + barHeight + halfCap + padding)

        let matrixFrame = PlotRect(x: Double(matrixLeft), y: Double(matrixTop), width: Double(matrixWidth),
                                   height: Double(matrixHeight))
        var scene = PlotScene(width: width, height: height)
        if !title.isEmpty {
            scene.text(TextItem(title, x: width / 2, y: titleBaseline, scale: titleScale, anchor: .middle))
        }

        // Cells, then a frame around them.
        let annotationScale = annotations == .never ? nil : fittingAnnotationScale(cell: cell, labelScale: labelScale)
        for row in 0..<rows {
            for column in 0..<columns {
                let value = values[row][column]
                let frame = PlotRect(x: Double(matrixLeft + column * cell), y: Double(matrixTop + row * cell),
                                     width: Double(cell), height: Double(cell))
                let fill = scale.color(for: value)
                scene.rect(frame, fill: fill, tooltip: tooltip(row: row, column: column))
                if let annotationScale, value.isFinite, annotatesZeros || value != 0 {
                    scene.text(TextItem(cellText(value), x: Int(frame.midX),
                                        y: Int(frame.minY) + cell / 2 + BitmapFont.ascent * annotationScale / 2,
                                        scale: annotationScale, color: fill.contrastingText, anchor: .middle))
                }
            }
        }
        if rows > 0, columns > 0 {
            scene.rect(PlotRect(x: matrixFrame.minX - 0.5, y: matrixFrame.minY - 0.5, width: matrixFrame.width + 1,
                                height: matrixFrame.height + 1), fill: .clear, stroke: .frame)
        }

        // Labels: rows right-aligned against the matrix, columns reading upwards and ending at it.
        for (row, label) in shownRows.enumerated() {
            scene.text(TextItem(label, x: matrixLeft - gap, y: matrixTop + row * cell + cell / 2 + halfCap,
                                scale: labelScale, anchor: .end,
                                tooltip: label == rowLabels[row] ? nil : rowLabels[row]))
        }
        for (column, label) in shownColumns.enumerated() {
            scene.text(TextItem(label, x: matrixLeft + column * cell + cell / 2 + halfCap, y: columnLabelTop,
                                scale: labelScale, anchor: .end, orientation: .vertical,
                                tooltip: label == columnLabels[column] ? nil : columnLabels[column]))
        }
        if let rowAxisTitle {
            scene.text(TextItem(rowAxisTitle, x: rowAxisTitleBaseline, y: matrixTop + matrixHeight / 2,
                                scale: labelScale, color: .mutedInk, anchor: .middle, orientation: .vertical))
        }
        if let columnAxisTitle {
            scene.text(TextItem(columnAxisTitle, x: matrixLeft + matrixWidth / 2, y: columnAxisTitleBaseline,
                                scale: labelScale, color: .mutedInk, anchor: .middle))
        }

        // Colour bar with ticks on its right.
        let barFrame = PlotRect(x: Double(barLeft), y: Double(barTop), width: Double(barWidth), height: Double(barHeight))
        scene.items.append(.gradient(barFrame, scale))
        scene.rect(PlotRect(x: barFrame.minX - 0.5, y: barFrame.minY - 0.5, width: barFrame.width + 1,
                            height: barFrame.height + 1), fill: .clear, stroke: .frame)
        let span = scale.upperBound - scale.lowerBound
        for (value, label) in zip(ticks.values, tickLabels) {
            let tickY = (barFrame.minY + (scale.upperBound - value) / span * barFrame.height).rounded(.down) + 0.5
            scene.line(from: PlotPoint(x: barFrame.maxX, y: tickY), to: PlotPoint(x: barFrame.maxX + 4, y: tickY),
                       color: .frame)
            scene.text(TextItem(label, x: tickLabelLeft, y: Int(tickY) + halfCap, scale: labelScale))
        }

        return HeatmapLayout(
            scene: scene, cellSize: cell, matrixFrame: matrixFrame,
            rowLabelFrame: PlotRect(x: Double(rowLabelLeft), y: Double(matrixTop), width: Double(rowLabelWidth),
                                    height: Double(matrixHeight)),
            columnLabelFrame: PlotRect(x: Double(matrixLeft), y: Double(columnLabelTop), width: Double(matrixWidth),
                                       height: Double(columnLabelHeight)),
            colorBarFrame: barFrame, labelScale: labelScale, annotationScale: annotationScale)
    }

    /// `label` cut to ``maximumLabelLength`` characters, the last three being `...`.
    private func shortened(_ label: String) -> String {
        let limit = max(4, maximumLabelLength)
        return label.count <= limit ? label : String(label.prefix(limit - 3)) + "..."
    }

    /// Colour-bar labels: the value format's own decimals when they are enough, the ticks' otherwise.
    private func tickFormat(_ ticks: AxisTicks) -> ValueFormat {
        if case .percent = valueFormat { return .percent(places: 0) }
        return ticks.format
    }

    /// The largest font scale (≤ 3, ≤ label scale + 1) at which every printed value fits in a cell with a
    /// 2-pixel margin on each side, or nil.
    private func fittingAnnotationScale(cell: Int, labelScale: Int) -> Int? {
        let longest = values.joined().filter { $0.isFinite && (annotatesZeros || $0 != 0) }
            .map { cellText($0).count }.max() ?? 0
        guard longest > 0 else { return nil }
        for scale in stride(from: min(3, labelScale + 1), through: 1, by: -1) {
            let textWidth = (longest * BitmapFont.advance - 1) * scale
            if textWidth <= cell - 4 && BitmapFont.ascent * scale <= cell - 6 { return scale }
        }
        return nil
    }

    /// The number printed in a cell: ``valueFormat``, except that a positive value rounding to zero
    /// prints as `<` and the smallest printable step (`<0.01`, `<1%`), so rare errors do not read as none.
    private func cellText(_ value: Double) -> String {
        let text = valueFormat.string(value)
        guard value > 0, text == valueFormat.string(0) else { return text }
        switch valueFormat {
        case .decimal(let places): return "<" + valueFormat.string(Self.power10(-places))
        case .percent(let places): return "<" + valueFormat.string(Self.power10(-places) / 100)
        case .integer: return "<1"
        }
    }

    /// 10 to the power `exponent` (clamped to ±9, like the formats' decimals).
    private static func power10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<min(9, abs(exponent)) { value = exponent < 0 ? value / 10 : value * 10 }
        return value
    }

    private func tooltip(row: Int, column: Int) -> String {
        let value = values[row][column]
        var text: String
        if rowAxisTitle == nil && columnAxisTitle == nil {
            text = "\(rowLabels[row]) × \(columnLabels[column]): "
        } else {
            text = "\(rowAxisTitle ?? "row") \(rowLabels[row]), \(columnAxisTitle ?? "column") \(columnLabels[column]): "
        }
        text += value.isNaN ? "undefined" : valueFormat.string(value)
        if let notes = cellNotes, row < notes.count, column < notes[row].count { text += " (\(notes[row][column]))" }
        return text
    }
}
