import Testing
@testable import IoTPlot

@Suite("Heatmap chart")
struct HeatmapChartTests {
    /// No row or column label, title or colour-bar label may reach into the cells, and all text fits the picture.
    static func expectLabelsClearOfCells(_ layout: HeatmapLayout, sourceLocation: SourceLocation = #_sourceLocation) {
        let picture = PlotRect(x: 0, y: 0, width: Double(layout.scene.width), height: Double(layout.scene.height))
        for text in layout.scene.texts {
            #expect(!text.bounds.intersects(layout.matrixFrame), "\(text.string) overlaps the cells", sourceLocation: sourceLocation)
            #expect(picture.contains(text.bounds), "\(text.string) is cut off", sourceLocation: sourceLocation)
            #expect(!text.bounds.intersects(layout.colorBarFrame), "\(text.string) overlaps the colour bar",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func thirtyFourClassesWithLongLabelsKeepLabelsOffTheCells() throws {
        var chart = try HeatmapChart.confusionMatrix(Fixtures.confusionCounts(34), labels: Fixtures.fineClasses)
        chart.annotations = .never
        let layout = chart.layout()
        let longest = "DDoS-SynonymousIP_Flood"
        #expect(Fixtures.fineClasses.allSatisfy { $0.count <= longest.count })
        let longestWidth = Double(BitmapFont.width(of: longest, scale: layout.labelScale))
        #expect(layout.rowLabelFrame.width >= longestWidth)
        #expect(layout.rowLabelFrame.maxX <= layout.matrixFrame.minX)
        #expect(layout.columnLabelFrame.height >= longestWidth)
        #expect(layout.columnLabelFrame.minY >= layout.matrixFrame.maxY)
        #expect(layout.labelScale == 2, "34 classes still get readable 14-pixel labels")
        Self.expectLabelsClearOfCells(layout)
        // Every label is drawn, untruncated, once as a row and once as a column.
        for label in Fixtures.fineClasses {
            #expect(layout.scene.texts.filter { $0.string == label }.count == 2, "\(label)")
        }
    }

    @Test func thirtyNineFeatureCorrelationsLayOutCleanly() throws {
        let chart = try HeatmapChart.correlation(Fixtures.correlationMatrix(39), labels: Fixtures.featureNames)
        let layout = chart.layout()
        Self.expectLabelsClearOfCells(layout)
        #expect(layout.annotationScale == nil, "two-decimal values do not fit 39 × 39 cells and are left out")
        #expect(layout.matrixFrame.width == Double(39 * layout.cellSize))
        // Labels of neighbouring rows do not touch: the cell pitch exceeds the text height.
        #expect(layout.cellSize >= (BitmapFont.ascent + BitmapFont.descent) * layout.labelScale + 2)
    }

    @Test func rasterCellsCarryTheScaleColours() throws {
        let matrix = [[1.0, -1.0], [0.0, .nan]]
        var chart = try HeatmapChart(values: matrix, rowLabels: ["a", "b"], columnLabels: ["c", "d"], title: "t")
        chart.annotations = .never
        let layout = chart.layout()
        let canvas = layout.scene.rasterized()
        func centre(_ row: Int, _ column: Int) -> PlotColor? {
            let cell = Double(layout.cellSize)
            return canvas.pixel(x: Int(layout.matrixFrame.minX + (Double(column) + 0.5) * cell),
                                y: Int(layout.matrixFrame.minY + (Double(row) + 0.5) * cell))
        }
        #expect(centre(0, 0) == ColorScale.correlation.color(for: 1))
        #expect(centre(0, 1) == ColorScale.correlation.color(for: -1))
        #expect(centre(1, 0) == .white)
        #expect(centre(1, 1) == ColorScale.correlation.missing)
        // The colour bar is red at the top and blue at the bottom (pixel rows sample just inside the ends).
        let bar = layout.colorBarFrame
        func close(_ a: PlotColor?, _ b: PlotColor) -> Bool {
            guard let a else { return false }
            return abs(Int(a.red) - Int(b.red)) <= 6 && abs(Int(a.green) - Int(b.green)) <= 6 && abs(Int(a.blue) - Int(b.blue)) <= 6
        }
        #expect(close(canvas.pixel(x: Int(bar.midX), y: Int(bar.minY)), ColorScale.correlation.color(for: 1)))
        #expect(close(canvas.pixel(x: Int(bar.midX), y: Int(bar.maxY) - 1), ColorScale.correlation.color(for: -1)))
        #expect(close(canvas.pixel(x: Int(bar.midX), y: Int(bar.midY)), .white))
    }

    @Test func smallConfusionMatrixIsAnnotatedInsideItsCells() throws {
        let chart = try HeatmapChart.confusionMatrix([[90, 10], [5, 0]], labels: ["Benign", "Attack"])
        let layout = chart.layout()
        #expect(chart.values[0] == [0.9, 0.1])
        #expect(chart.values[1] == [1.0, 0.0])
        let scale = try #require(layout.annotationScale)
        let numbers = layout.scene.texts.filter { ["0.90", "0.10", "1.00"].contains($0.string) }
        #expect(numbers.count == 3, "zero cells are not printed")
        #expect(numbers.allSatisfy { $0.scale == scale && layout.matrixFrame.contains($0.bounds) })
        #expect(!layout.scene.texts.contains { $0.string == "0.00" })
        // White text on the dark 0.90 cell, dark text on the pale 0.10 cell.
        #expect(numbers.first { $0.string == "0.90" }?.color == .white)
        #expect(numbers.first { $0.string == "0.10" }?.color == .ink)
        #expect(chart.svg().contains("90 of 100"), "tooltips carry the counts")
    }

    @Test func rareErrorsDoNotPrintAsZero() throws {
        let chart = try HeatmapChart.confusionMatrix([[999, 1], [0, 10]], labels: ["a", "b"])
        let printed = chart.layout().scene.texts.map(\.string)
        #expect(printed.contains("<0.01"))
        #expect(!printed.contains("0.00"))
    }

    @Test func emptyRowsAreUndefinedNotZero() throws {
        let chart = try HeatmapChart.confusionMatrix([[3, 1], [0, 0]], labels: ["a", "b"])
        #expect(chart.values[1].allSatisfy { $0.isNaN })
    }

    @Test func mismatchedShapesAreRejected() {
        #expect(throws: PlotError.self) {
            try HeatmapChart(values: [[1, 2], [3]], rowLabels: ["a", "b"], columnLabels: ["c", "d"])
        }
        #expect(throws: PlotError.self) {
            try HeatmapChart.correlation([[1]], labels: ["a", "b"])
        }
    }

    @Test func overlongLabelsAreShortenedButKeptInTooltips() throws {
        let long = String(repeating: "x", count: 60)
        let chart = try HeatmapChart.correlation([[1, 0], [0, 1]], labels: [long, "short"])
        let layout = chart.layout()
        let drawn = try #require(layout.scene.texts.first { $0.string.hasPrefix("xxx") })
        #expect(drawn.string.count == chart.maximumLabelLength && drawn.string.hasSuffix("..."))
        #expect(drawn.tooltip == long)
    }
}
