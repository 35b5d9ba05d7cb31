/// Builds SVG 1.1 text: rectangles, lines, polylines, text and vertical gradients, with XML escaping.
///
/// Coordinates and lengths are pixels (SVG user units, one per CSS pixel), x right and y down. Numbers
/// are written with at most two decimals. Appending an element is O(its text length); ``text`` is O(total).
public struct SVGDocument: Sendable {
    /// Picture width in pixels.
    public let width: Double
    /// Picture height in pixels.
    public let height: Double
    /// CSS font list used for all text; the first available monospace font is used by viewers.
    public let fontFamily: String
    private var definitions: [String] = []
    private var definedIDs: Set<String> = []
    private var body: [String] = []

    /// An empty picture; `background` (if any) fills it first.
    public init(width: Double, height: Double, background: PlotColor? = .white,
                fontFamily: String = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace") {
        self.width = max(0, width)
        self.height = max(0, height)
        self.fontFamily = fontFamily
        if let background, background.alpha > 0 {
            rect(x: 0, y: 0, width: self.width, height: self.height, fill: background)
        }
    }

    /// A filled rectangle, optionally outlined, with an optional tooltip (`<title>`).
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: PlotColor?,
                              stroke: PlotColor? = nil, strokeWidth: Double = 1, title: String? = nil) {
        var element = "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\""
            + " height=\"\(Self.number(max(0, height)))\"" + Self.paint("fill", fill ?? .clear)
        if let stroke {
            element += Self.paint("stroke", stroke) + " stroke-width=\"\(Self.number(strokeWidth))\""
        }
        body.append(Self.close(element, name: "rect", title: title))
    }

    /// A straight line with round ends; `dash` alternates drawn and skipped lengths (empty: solid).
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: PlotColor,
                              width: Double = 1, dash: [Double] = []) {
        body.append("<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\""
            + " y2=\"\(Self.number(y2))\"" + Self.strokeAttributes(stroke, width: width, dash: dash) + "/>")
    }

    /// Connected segments through `points` with round joins and ends; non-finite points are dropped.
    public mutating func polyline(_ points: [PlotPoint], stroke: PlotColor, width: Double = 1,
                                  dash: [Double] = [], title: String? = nil) {
        let coordinates = points.filter { $0.x.isFinite && $0.y.isFinite }
            .map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        let element = "<polyline points=\"\(coordinates)\" fill=\"none\""
            + Self.strokeAttributes(stroke, width: width, dash: dash)
        body.append(Self.close(element, name: "polyline", title: title))
    }

    /// One line of text with its anchor at (x, y), y being the baseline; `fontSize` in pixels;
    /// `rotation` in degrees clockwise about the anchor (−90 reads upwards).
    public mutating func text(_ string: String, x: Double, y: Double, fontSize: Double, fill: PlotColor = .ink,
                              anchor: TextAnchor = .start, rotation: Double = 0, title: String? = nil) {
        var element = "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(fontSize))\""
        switch anchor {
        case .start: break
        case .middle: element += " text-anchor=\"middle\""
        case .end: element += " text-anchor=\"end\""
        }
        if fill != .black { element += Self.paint("fill", fill) }
        if rotation != 0 {
            element += " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\""
        }
        element += ">"
        if let title { element += "<title>\(Self.escape(title))</title>" }
        body.append(element + Self.escape(string) + "</text>")
    }

    /// A rectangle filled with a vertical gradient of `scale`: top edge `scale.upperBound`, bottom edge
    /// `scale.lowerBound`. The gradient's id is derived from its colours, so identical gradients in
    /// several SVGs inlined into one HTML page share an id harmlessly and different ones never clash.
    public mutating func gradientRect(x: Double, y: Double, width: Double, height: Double, scale: ColorScale) {
        let range = scale.upperBound - scale.lowerBound
        let stops = scale.stops.reversed().map { stop in
            "<stop offset=\"\(Self.number((scale.upperBound - stop.value) / range * 100))%\""
                + " stop-color=\"\(stop.color.hexString)\""
                + (stop.color.alpha < 255 ? " stop-opacity=\"\(Self.number(stop.color.opacity))\"" : "") + "/>"
        }.joined()
        let id = "iotplot-gradient-" + Self.fingerprint(stops)
        if definedIDs.insert(id).inserted {
            definitions.append("<linearGradient id=\"\(id)\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\(stops)</linearGradient>")
        }
        body.append("<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\""
            + " height=\"\(Self.number(max(0, height)))\" fill=\"url(#\(id))\"/>")
    }

    /// The whole document, starting with the XML declaration.
    public var text: String {
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        output += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(Self.number(width))\""
            + " height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
            + " font-family=\"\(Self.escape(fontFamily))\">\n"
        if !definitions.isEmpty { output += "<defs>\n" + definitions.joined(separator: "\n") + "\n</defs>\n" }
        for element in body { output += element + "\n" }
        return output + "</svg>\n"
    }

    /// `string` safe inside XML text and attribute values: `& < > " '` become entities and characters
    /// XML 1.0 forbids (control characters other than tab, newline, return) become U+FFFD. O(length).
    public static func escape(_ string: String) -> String {
        var output = ""
        output.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let forbidden = value < 0x20 || value == 0xFFFE || value == 0xFFFF
                output.unicodeScalars.append(forbidden ? "\u{FFFD}" : scalar)
            }
        }
        return output
    }

    /// `value` with at most two decimals and no trailing zeros (`12`, `12.5`, `-0.25`); 0 for non-finite.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = ValueFormat.fixed(value, places: 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    private static func paint(_ attribute: String, _ color: PlotColor) -> String {
        if color.alpha == 0 { return " \(attribute)=\"none\"" }
        var text = " \(attribute)=\"\(color.hexString)\""
        if color.alpha < 255 { text += " \(attribute)-opacity=\"\(number(color.opacity))\"" }
        return text
    }

    private static func strokeAttributes(_ color: PlotColor, width: Double, dash: [Double]) -> String {
        var text = paint("stroke", color) + " stroke-width=\"\(number(width))\" stroke-linecap=\"round\""
            + " stroke-linejoin=\"round\""
        let pattern = dash.filter { $0 > 0 && $0.isFinite }
        if !pattern.isEmpty { text += " stroke-dasharray=\"\(pattern.map(number).joined(separator: " "))\"" }
        return text
    }

    private static func close(_ element: String, name: String, title: String?) -> String {
        guard let title else { return element + "/>" }
        return element + "><title>\(escape(title))</title></\(name)>"
    }

    /// 64-bit FNV-1a of `text` in hex, for content-derived ids. O(length).
    private static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return String(hash, radix: 16)
    }
}
