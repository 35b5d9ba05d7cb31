import Testing
@testable import IoTPlot

@Suite("Canvas drawing and bitmap font")
struct CanvasTests {
    /// The smallest rectangle holding every pixel that differs from `background`, or nil.
    static func inkBox(_ canvas: Canvas, background: PlotColor = .white) -> (minX: Int, minY: Int, maxX: Int, maxY: Int)? {
        var box: (minX: Int, minY: Int, maxX: Int, maxY: Int)?
        for y in 0..<canvas.height {
            for x in 0..<canvas.width where canvas.pixel(x: x, y: y) != background {
                box = (min(box?.minX ?? x, x), min(box?.minY ?? y, y), max(box?.maxX ?? x, x), max(box?.maxY ?? y, y))
            }
        }
        return box
    }

    @Test func horizontalTextStaysInItsBox() throws {
        var canvas = Canvas(width: 120, height: 60)
        canvas.drawText("Hgy_|", x: 10, baseline: 30, scale: 2, color: .black)
        let box = try #require(Self.inkBox(canvas))
        let width = BitmapFont.width(of: "Hgy_|", scale: 2)
        #expect(width == (5 * 6 - 1) * 2)
        #expect(box.minX >= 10 && box.maxX < 10 + width)
        #expect(box.minY >= 30 - 7 * 2 && box.maxY < 30 + 2 * 2)
        #expect(box.minX == 10, "H starts at the left edge")
        #expect(box.minY == 30 - 14, "H reaches the cap height")
        #expect(box.maxY >= 30, "descenders go below the baseline")
    }

    @Test func anchorsShiftTheText() throws {
        var canvas = Canvas(width: 120, height: 30)
        canvas.drawText("END", x: 100, baseline: 20, scale: 1, color: .black, anchor: .end)
        let box = try #require(Self.inkBox(canvas))
        #expect(box.maxX == 99)
        #expect(box.minX == 100 - BitmapFont.width(of: "END"))
    }

    @Test func verticalTextReadsUpwardsInsideItsBounds() throws {
        var canvas = Canvas(width: 60, height: 120)
        let item = TextItem("Label", x: 30, y: 100, scale: 2, anchor: .start, orientation: .vertical)
        canvas.drawText(item.string, x: item.x, baseline: item.y, scale: item.scale, color: .black,
                        anchor: item.anchor, orientation: item.orientation)
        let box = try #require(Self.inkBox(canvas))
        let bounds = item.bounds
        #expect(Double(box.minX) >= bounds.minX && Double(box.maxX) < bounds.maxX)
        #expect(Double(box.minY) >= bounds.minY && Double(box.maxY) < bounds.maxY)
        #expect(box.maxY == 99, "the first letter starts at the anchor and the text runs upwards")
        // The last glyph, 'l', spans font columns 1…3 of character 4: its top is (4 · 6 + 3 + 1) · 2 above the anchor.
        #expect(box.minY == 100 - (4 * 6 + 4) * 2)
        #expect(box.maxX < 30 + 1 && box.minX == 30 - 14, "glyph tops point left of the baseline column")
        // The 'L' stem is the bottom-most letter: its vertical bar becomes a horizontal run at the cap side.
        #expect(canvas.pixel(x: 17, y: 98) == .black)
    }

    @Test func everyGlyphIsDrawnAndDistinct() {
        var patterns = Set<[UInt8]>()
        for code in UInt8(33)...126 {
            let rows = (0..<BitmapFont.glyphRows).map { BitmapFont.row($0, of: code) }
            #expect(rows.contains { $0 != 0 }, "glyph \(Character(Unicode.Scalar(code))) is empty")
            #expect(rows.allSatisfy { $0 < 32 }, "glyph \(code) wider than 5 pixels")
            patterns.insert(rows)
        }
        #expect(patterns.count == 94, "two glyphs share a bitmap")
        #expect((0..<BitmapFont.glyphRows).allSatisfy { BitmapFont.row($0, of: 32) == 0 })
        #expect(BitmapFont.codes(for: "é€a") == [63, 63, 97], "non-ASCII draws as ?")
    }

    @Test func rectanglesAndBlending() {
        var canvas = Canvas(width: 10, height: 10)
        canvas.fillRect(x: 2, y: 3, width: 4, height: 2, color: PlotColor(hex: 0x123456))
        #expect(canvas.pixel(x: 2, y: 3) == PlotColor(hex: 0x123456))
        #expect(canvas.pixel(x: 5, y: 4) == PlotColor(hex: 0x123456))
        #expect(canvas.pixel(x: 6, y: 4) == .white)
        #expect(canvas.pixel(x: 5, y: 5) == .white)
        canvas.blend(x: 0, y: 0, color: .black, coverage: 0.5)
        #expect(canvas.pixel(x: 0, y: 0) == PlotColor(red: 128, green: 128, blue: 128))
        canvas.fillRect(PlotRect(x: 7.5, y: 0, width: 1, height: 1), color: .black)
        #expect(canvas.pixel(x: 7, y: 0) == PlotColor(red: 128, green: 128, blue: 128), "half-covered edge pixel")
        #expect(canvas.pixel(x: -1, y: 0) == nil)
    }

    @Test func linesAreSharpOnPixelCentresAndDashed() {
        var canvas = Canvas(width: 40, height: 20)
        canvas.drawLine(from: PlotPoint(x: 2, y: 10.5), to: PlotPoint(x: 38, y: 10.5), color: .black)
        #expect(canvas.pixel(x: 20, y: 10) == .black)
        #expect(canvas.pixel(x: 20, y: 9) == .white && canvas.pixel(x: 20, y: 11) == .white)

        var dashed = Canvas(width: 40, height: 5)
        dashed.drawLine(from: PlotPoint(x: 0, y: 2.5), to: PlotPoint(x: 40, y: 2.5), color: .black, dash: [6, 6])
        let row = (0..<40).map { dashed.pixel(x: $0, y: 2) == .white }
        #expect(row[3] == false && row[9] == true && row[15] == false, "\(row)")

        var thick = Canvas(width: 40, height: 40)
        thick.drawLine(from: PlotPoint(x: 5, y: 5), to: PlotPoint(x: 35, y: 35), color: .black, width: 4)
        #expect(thick.pixel(x: 20, y: 20) == .black)
        #expect(thick.pixel(x: 21, y: 19) == .black, "a 4-pixel line covers neighbours of the centre line")
        #expect(thick.pixel(x: 30, y: 10) == .white)
    }
}
