import CZlib
import Testing
@testable import IoTPlot

@Suite("PNG encoder")
struct PNGEncoderTests {
    /// A canvas with flat areas, a gradient, antialiased lines and text, so several filters get chosen.
    static func sampleCanvas() -> Canvas {
        var canvas = Canvas(width: 97, height: 61, background: .white)
        for x in 0..<97 {
            canvas.fillRect(x: x, y: 0, width: 1, height: 20, color: PlotColor(red: UInt8(x * 2), green: 100, blue: 200))
        }
        canvas.fillRect(x: 10, y: 25, width: 30, height: 20, color: PlotColor(hex: 0xB2182B))
        canvas.drawLine(from: PlotPoint(x: 3, y: 58), to: PlotPoint(x: 90, y: 22), color: .black, width: 2)
        canvas.drawText("PNG ok", x: 50, baseline: 40, scale: 1, color: PlotColor(hex: 0x2166AC))
        canvas.blend(x: 96, y: 60, color: PlotColor(red: 0, green: 0, blue: 0, alpha: 0), coverage: 1)
        return canvas
    }

    @Test func signatureChunksAndCRCs() throws {
        let png = try PNGEncoder.encode(Self.sampleCanvas())
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let reader = try PNGReader(png)
        #expect(reader.chunks.first?.type == "IHDR")
        #expect(reader.chunks.last?.type == "IEND")
        #expect(reader.chunks.contains { $0.type == "IDAT" })
        #expect(reader.chunks.allSatisfy { $0.crcMatches }, "\(reader.chunks.map { ($0.type, $0.crcMatches) })")
        let header = try #require(reader.chunks.first).data
        #expect(header.count == 13)
        #expect(reader.width == 97 && reader.height == 61)
        #expect(Array(header[8...]) == [8, 6, 0, 0, 0])  // 8-bit RGBA, deflate, standard filters, no interlace
    }

    @Test func idatInflatesToRowsWithValidFilters() throws {
        let canvas = Self.sampleCanvas()
        let reader = try PNGReader(try PNGEncoder.encode(canvas))
        #expect(reader.inflated.count == canvas.height * (1 + canvas.width * 4))
        #expect(reader.filterTypes.allSatisfy { $0 <= 4 })
        #expect(Set(reader.filterTypes).count > 1, "the adaptive filter should vary on mixed content")
    }

    @Test func decodedPixelsEqualTheCanvas() throws {
        let canvas = Self.sampleCanvas()
        let reader = try PNGReader(try PNGEncoder.encode(canvas))
        let decoded = reader.pixels()
        #expect(decoded == canvas.pixels)
        #expect(reader.pixel(decoded, x: 20, y: 30) == PlotColor(hex: 0xB2182B))  // inside the red rectangle
        #expect(reader.pixel(decoded, x: 5, y: 50) == .white)
        #expect(reader.pixel(decoded, x: 40, y: 5) == PlotColor(red: 80, green: 100, blue: 200))
    }

    @Test func everyCompressionLevelRoundTrips() throws {
        let canvas = Self.sampleCanvas()
        for level: Int32 in [0, 1, 9] {
            let reader = try PNGReader(try PNGEncoder.encode(canvas, level: level))
            #expect(reader.pixels() == canvas.pixels, "level \(level)")
        }
    }

    @Test func emptyCanvasIsRejected() {
        #expect(throws: PlotError.invalidImageSize(width: 0, height: 5)) {
            try PNGEncoder.encode(Canvas(width: 0, height: 5))
        }
    }
}
