import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import IoTPlot

/// Collects the text content of every `<text>` and `<title>` element and counts elements by name.
final class SVGCollector: NSObject, XMLParserDelegate {
    var texts: [String] = []
    var titles: [String] = []
    var elements: [String: Int] = [:]
    var rootAttributes: [String: String] = [:]
    private var current: String?
    private var buffer = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
        if name == "svg" { rootAttributes = attributes }
        if name == "text" || name == "title" {
            if name == "text" { current = name }
            if name == "title" { current = name }
            buffer = ""
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if current != nil { buffer += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "title" {
            titles.append(buffer)
            buffer = ""
            current = "text"  // a title inside <text> precedes the text content
        } else if name == "text" {
            texts.append(buffer)
            current = nil
        }
    }

    /// Parses `svg`; returns nil (and the parser's error) if it is not well-formed XML.
    static func parse(_ svg: String) -> (SVGCollector?, Error?) {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = SVGCollector()
        parser.delegate = collector
        return parser.parse() ? (collector, nil) : (nil, parser.parserError)
    }
}

@Suite("SVG output")
struct SVGTests {
    static let awkwardLabels = ["a<b", "R&D \"quoted\"", "it's > 0", "Protocol Type", "tab\there", "bell\u{7}"]

    @Test func documentIsWellFormedAndEscapesText() throws {
        var document = SVGDocument(width: 200, height: 100)
        for (index, label) in Self.awkwardLabels.enumerated() {
            document.text(label, x: 10, y: Double(15 * (index + 1)), fontSize: 10, rotation: index == 0 ? -90 : 0,
                          title: "tip " + label)
        }
        document.rect(x: 1, y: 2, width: 3, height: 4, fill: .black, title: "<cell & tip>")
        document.polyline([PlotPoint(x: 0, y: 0), PlotPoint(x: .nan, y: 1), PlotPoint(x: 5, y: 5)], stroke: .black, dash: [2, 2])
        let svg = document.text
        let (collector, error) = SVGCollector.parse(svg)
        let parsed = try #require(collector, "not well-formed: \(String(describing: error))")
        let expected = Self.awkwardLabels.map { $0.replacingOccurrences(of: "\u{7}", with: "\u{FFFD}") }
        #expect(parsed.texts == expected)
        #expect(parsed.titles.contains("<cell & tip>"))
        #expect(parsed.titles.contains("tip a<b"))
        #expect(svg.contains("a&lt;b") && svg.contains("R&amp;D &quot;quoted&quot;") && svg.contains("it&apos;s &gt; 0"))
        #expect(!svg.contains("a<b"))
        #expect(svg.contains("rotate(-90 10 15)"))
        #expect(svg.contains("points=\"0,0 5,5\""), "non-finite points are dropped")
    }

    @Test func numbersAreCompact() {
        #expect(SVGDocument.number(12) == "12")
        #expect(SVGDocument.number(12.5) == "12.5")
        #expect(SVGDocument.number(-0.001) == "0")
        #expect(SVGDocument.number(0.125) == "0.13")
        #expect(SVGDocument.number(.infinity) == "0")
    }

    @Test func heatmapSVGHoldsEveryLabelEscapedAndCellTooltips() throws {
        let labels = ["x<y", "A&B", "Protocol Type", "quote\"s"]
        let matrix: [[Double]] = (0..<4).map { (row: Int) -> [Double] in
            (0..<4).map { (column: Int) -> Double in row == column ? 1 : -0.25 * Double(row + column) / 3 }
        }
        let chart = try HeatmapChart.correlation(matrix, labels: labels, title: "Corr <test>")
        let svg = chart.svg()
        let parsed = try #require(SVGCollector.parse(svg).0, "heatmap SVG is not well-formed")
        for label in labels {
            #expect(parsed.texts.filter { $0 == label }.count == 2, "row and column label \(label)")
        }
        #expect(parsed.texts.contains("Corr <test>"))
        #expect(svg.contains("x&lt;y") && svg.contains("A&amp;B") && svg.contains("quote&quot;s"))
        #expect(parsed.elements["title", default: 0] >= 16, "one tooltip per cell")
        #expect(parsed.titles.contains("x<y × A&B: -0.08"), "cell tooltips name both labels and the value")
        #expect(parsed.elements["linearGradient"] == 1)
        // Same layout as the PNG: the SVG size is the raster size.
        let reader = try PNGReader(try chart.png())
        #expect(parsed.rootAttributes["width"] == String(reader.width))
        #expect(parsed.rootAttributes["height"] == String(reader.height))
    }
}
