import Foundation

/// A picture computed once as a ``PlotScene`` (its layout) and rendered to PNG or SVG from that scene.
public protocol Chart: Sendable {
    /// The chart's geometry in pixels, shared by both renderers.
    func scene() -> PlotScene
}

extension Chart {
    /// The chart as PNG bytes (8-bit RGBA). O(picture pixels).
    /// - Throws: ``PlotError`` if the picture is empty or compression fails.
    public func png() throws -> [UInt8] {
        try scene().png()
    }

    /// The chart as a standalone SVG document (UTF-8 text, embeddable in HTML). O(scene items).
    public func svg() -> String {
        scene().svg()
    }

    /// Writes the PNG and/or the SVG (whichever paths are given), each atomically (temporary file, then
    /// rename); the layout is computed once for both.
    /// - Throws: ``PlotError`` from encoding, or Foundation's error naming the path that could not be written.
    public func write(pngPath: String? = nil, svgPath: String? = nil) throws {
        let scene = scene()
        if let pngPath {
            try Data(scene.png()).write(to: URL(fileURLWithPath: pngPath), options: .atomic)
        }
        if let svgPath {
            try Data(scene.svg().utf8).write(to: URL(fileURLWithPath: svgPath), options: .atomic)
        }
    }
}
