/// An RGBA8 raster image: `width × height` pixels, stored row by row from the top, 4 bytes per pixel
/// (red, green, blue, straight alpha) in one contiguous array.
///
/// Coordinates are pixels, x to the right and y downwards; pixel (i, j) covers the square
/// [i, i + 1) × [j, j + 1), so its centre is (i + 0.5, j + 0.5). Drawing clips to the canvas and blends
/// source-over. Memory is 4 · width · height bytes.
public struct Canvas: Sendable {
    public let width: Int
    public let height: Int
    /// RGBA bytes, `4 * (y * width + x)` is the red byte of pixel (x, y).
    public private(set) var pixels: [UInt8]

    /// A canvas filled with `background`; negative sizes are treated as zero. O(width · height).
    public init(width: Int, height: Int, background: PlotColor = .white) {
        self.width = max(0, width)
        self.height = max(0, height)
        var pixels = [UInt8](repeating: 0, count: self.width * self.height * 4)
        for offset in stride(from: 0, to: pixels.count, by: 4) {
            pixels[offset] = background.red
            pixels[offset + 1] = background.green
            pixels[offset + 2] = background.blue
            pixels[offset + 3] = background.alpha
        }
        self.pixels = pixels
    }

    /// The colour of pixel (x, y), or nil outside the canvas. O(1).
    public func pixel(x: Int, y: Int) -> PlotColor? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        let offset = 4 * (y * width + x)
        return PlotColor(red: pixels[offset], green: pixels[offset + 1], blue: pixels[offset + 2],
                         alpha: pixels[offset + 3])
    }

    /// Blends `color` over pixel (x, y) with `coverage` in [0, 1] (the fraction of the pixel covered);
    /// outside the canvas nothing happens. O(1).
    public mutating func blend(x: Int, y: Int, color: PlotColor, coverage: Double = 1) {
        guard x >= 0, y >= 0, x < width, y < height, coverage > 0 else { return }
        let offset = 4 * (y * width + x)
        let sourceAlpha = Double(color.alpha) / 255 * min(1, coverage)
        if sourceAlpha >= 1 {
            pixels[offset] = color.red
            pixels[offset + 1] = color.green
            pixels[offset + 2] = color.blue
            pixels[offset + 3] = 255
            return
        }
        let destinationAlpha = Double(pixels[offset + 3]) / 255
        let outAlpha = sourceAlpha + destinationAlpha * (1 - sourceAlpha)
        guard outAlpha > 0 else { return }
        func mix(_ source: UInt8, _ destination: UInt8) -> UInt8 {
            let value = (Double(source) * sourceAlpha + Double(destination) * destinationAlpha * (1 - sourceAlpha)) / outAlpha
            return UInt8(min(255, max(0, value.rounded())))
        }
        pixels[offset] = mix(color.red, pixels[offset])
        pixels[offset + 1] = mix(color.green, pixels[offset + 1])
        pixels[offset + 2] = mix(color.blue, pixels[offset + 2])
        pixels[offset + 3] = UInt8(min(255, max(0, (outAlpha * 255).rounded())))
    }

    /// Fills whole pixels [x, x + width) × [y, y + height), clipped to the canvas. O(area).
    public mutating func fillRect(x: Int, y: Int, width: Int, height: Int, color: PlotColor) {
        let left = max(0, x), top = max(0, y)
        let right = min(self.width, x + max(0, width)), bottom = min(self.height, y + max(0, height))
        guard left < right, top < bottom else { return }
        for row in top..<bottom {
            for column in left..<right { blend(x: column, y: row, color: color) }
        }
    }

    /// Fills `rect`, whose edges may fall inside pixels: edge pixels are blended by the fraction covered.
    /// O(area).
    public mutating func fillRect(_ rect: PlotRect, color: PlotColor) {
        let left = max(0, Int(rect.minX.rounded(.down))), top = max(0, Int(rect.minY.rounded(.down)))
        let right = min(width, Int(rect.maxX.rounded(.up))), bottom = min(height, Int(rect.maxY.rounded(.up)))
        guard left < right, top < bottom else { return }
        for row in top..<bottom {
            let rowCover = min(rect.maxY, Double(row + 1)) - max(rect.minY, Double(row))
            for column in left..<right {
                let columnCover = min(rect.maxX, Double(column + 1)) - max(rect.minX, Double(column))
                blend(x: column, y: row, color: color, coverage: rowCover * columnCover)
            }
        }
    }

    /// Draws the outline of `rect` with a line of `lineWidth` pixels centred on its edges. O(perimeter · width).
    public mutating func strokeRect(_ rect: PlotRect, color: PlotColor, lineWidth: Double = 1) {
        let corners = [PlotPoint(x: rect.minX, y: rect.minY), PlotPoint(x: rect.maxX, y: rect.minY),
                       PlotPoint(x: rect.maxX, y: rect.maxY), PlotPoint(x: rect.minX, y: rect.maxY),
                       PlotPoint(x: rect.minX, y: rect.minY)]
        strokePolyline(corners, color: color, width: lineWidth)
    }

    /// Draws a straight antialiased line of `width` pixels with round ends; `dash` alternates drawn and
    /// skipped lengths in pixels (empty: solid). O(length · width).
    public mutating func drawLine(from start: PlotPoint, to end: PlotPoint, color: PlotColor, width: Double = 1,
                                  dash: [Double] = []) {
        strokePolyline([start, end], color: color, width: width, dash: dash)
    }

    /// Draws connected antialiased segments through `points` with round joins and ends; `dash` alternates
    /// drawn and skipped lengths in pixels, continuing across vertices (empty: solid).
    ///
    /// Each pixel's coverage is `width / 2 + 0.5 − distance` from its centre to the nearest segment,
    /// clamped to [0, 1], collected as a maximum over segments so joins are not blended twice.
    /// O(sum over segments of their bounding-box area), plus the polyline's bounding-box area.
    public mutating func strokePolyline(_ points: [PlotPoint], color: PlotColor, width lineWidth: Double = 1,
                                        dash: [Double] = []) {
        guard lineWidth > 0, color.alpha > 0 else { return }
        let segments = Self.dashedSegments(points.filter { $0.x.isFinite && $0.y.isFinite }, dash: dash)
        guard !segments.isEmpty else { return }
        let radius = max(lineWidth, 1) / 2
        let strength = min(lineWidth, 1)  // hairlines thinner than a pixel are drawn fainter, not thinner
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for (a, b) in segments {
            minX = min(minX, a.x, b.x); maxX = max(maxX, a.x, b.x)
            minY = min(minY, a.y, b.y); maxY = max(maxY, a.y, b.y)
        }
        let boxLeft = max(0, Int((minX - radius - 1).rounded(.down)))
        let boxTop = max(0, Int((minY - radius - 1).rounded(.down)))
        let boxRight = min(width, Int((maxX + radius + 1).rounded(.up)))
        let boxBottom = min(height, Int((maxY + radius + 1).rounded(.up)))
        guard boxLeft < boxRight, boxTop < boxBottom else { return }
        let boxWidth = boxRight - boxLeft
        var coverage = [Double](repeating: 0, count: boxWidth * (boxBottom - boxTop))
        for (a, b) in segments {
            let left = max(boxLeft, Int((min(a.x, b.x) - radius - 1).rounded(.down)))
            let right = min(boxRight, Int((max(a.x, b.x) + radius + 1).rounded(.up)))
            let top = max(boxTop, Int((min(a.y, b.y) - radius - 1).rounded(.down)))
            let bottom = min(boxBottom, Int((max(a.y, b.y) + radius + 1).rounded(.up)))
            guard left < right, top < bottom else { continue }
            let dx = b.x - a.x, dy = b.y - a.y
            let lengthSquared = dx * dx + dy * dy
            for row in top..<bottom {
                let py = Double(row) + 0.5
                for column in left..<right {
                    let px = Double(column) + 0.5
                    var t = lengthSquared > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / lengthSquared : 0
                    t = min(1, max(0, t))
                    let ex = a.x + t * dx - px, ey = a.y + t * dy - py
                    let cover = min(1, max(0, radius + 0.5 - (ex * ex + ey * ey).squareRoot())) * strength
                    let index = (row - boxTop) * boxWidth + (column - boxLeft)
                    if cover > coverage[index] { coverage[index] = cover }
                }
            }
        }
        for row in boxTop..<boxBottom {
            for column in boxLeft..<boxRight {
                let cover = coverage[(row - boxTop) * boxWidth + (column - boxLeft)]
                if cover > 0 { blend(x: column, y: row, color: color, coverage: cover) }
            }
        }
    }

    /// Fills `rect` with the vertical gradient of `scale`: the top edge shows `scale.upperBound`, the
    /// bottom edge `scale.lowerBound`, each pixel row the colour at its centre. O(area).
    public mutating func fillGradient(_ rect: PlotRect, scale: ColorScale) {
        let top = max(0, Int(rect.minY.rounded(.down))), bottom = min(height, Int(rect.maxY.rounded(.up)))
        guard top < bottom, rect.height > 0 else { return }
        for row in top..<bottom {
            let fraction = min(1, max(0, (Double(row) + 0.5 - rect.minY) / rect.height))
            let value = scale.upperBound - fraction * (scale.upperBound - scale.lowerBound)
            let slice = PlotRect(x: rect.minX, y: max(rect.minY, Double(row)),
                                 width: rect.width, height: min(rect.maxY, Double(row + 1)) - max(rect.minY, Double(row)))
            fillRect(slice, color: scale.color(for: value))
        }
    }

    /// Draws `text` in the built-in ``BitmapFont`` magnified `scale` times (each font pixel becomes a
    /// `scale × scale` block).
    ///
    /// (x, baseline) is the anchor: for horizontal text, `anchor` picks which point of the line sits at x
    /// and glyphs stand on the row `baseline`; for vertical text (reading upwards) `anchor` applies along
    /// y, the baseline is the column x and glyph tops point left. O(characters · 45 · scale²).
    public mutating func drawText(_ text: String, x: Int, baseline: Int, scale: Int = 1, color: PlotColor = .ink,
                                  anchor: TextAnchor = .start, orientation: TextOrientation = .horizontal) {
        let scale = max(1, scale)
        let codes = BitmapFont.codes(for: text)
        let textWidth = BitmapFont.width(of: text, scale: scale)
        let shift: Int
        switch anchor {
        case .start: shift = 0
        case .middle: shift = textWidth / 2
        case .end: shift = textWidth
        }
        for (index, code) in codes.enumerated() {
            let origin = index * BitmapFont.advance * scale - shift  // along the reading direction
            for row in 0..<BitmapFont.glyphRows {
                let bits = BitmapFont.row(row, of: code)
                guard bits != 0 else { continue }
                let across = (row - BitmapFont.ascent) * scale  // below the baseline when positive
                for column in 0..<BitmapFont.glyphWidth where bits & (0b10000 >> column) != 0 {
                    let along = origin + column * scale
                    switch orientation {
                    case .horizontal:
                        fillRect(x: x + along, y: baseline + across, width: scale, height: scale, color: color)
                    case .vertical:
                        fillRect(x: x + across, y: baseline - along - scale, width: scale, height: scale, color: color)
                    }
                }
            }
        }
    }

    /// Splits a polyline into the drawn pieces of a dash pattern. O(points + dashes).
    static func dashedSegments(_ points: [PlotPoint], dash: [Double]) -> [(PlotPoint, PlotPoint)] {
        guard points.count >= 2 else {
            return points.first.map { [($0, $0)] } ?? []
        }
        let pattern = dash.filter { $0 > 0 && $0.isFinite }
        var segments: [(PlotPoint, PlotPoint)] = []
        if pattern.isEmpty {
            for index in 1..<points.count { segments.append((points[index - 1], points[index])) }
            return segments
        }
        let cycle = pattern.count % 2 == 0 ? pattern : pattern + pattern  // SVG repeats odd lists
        var patternIndex = 0
        var remaining = cycle[0]
        for index in 1..<points.count {
            let a = points[index - 1], b = points[index]
            let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            var travelled = 0.0
            while travelled < length {
                let step = min(remaining, length - travelled)
                if patternIndex % 2 == 0 {
                    let from = travelled / length, to = (travelled + step) / length
                    segments.append((PlotPoint(x: a.x + (b.x - a.x) * from, y: a.y + (b.y - a.y) * from),
                                     PlotPoint(x: a.x + (b.x - a.x) * to, y: a.y + (b.y - a.y) * to)))
                }
                travelled += step
                remaining -= step
                if remaining <= 1e-9 {
                    patternIndex = (patternIndex + 1) % cycle.count
                    remaining = cycle[patternIndex]
                }
            }
        }
        return segments
    }
}
