import Foundation

/// An sRGB colour with 8-bit channels and straight (not premultiplied) alpha.
public struct PlotColor: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    /// Opacity, 0 transparent … 255 opaque.
    public var alpha: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from `0xRRGGBB`, opaque.
    public init(hex: UInt32) {
        self.init(red: UInt8(truncatingIfNeeded: hex >> 16), green: UInt8(truncatingIfNeeded: hex >> 8),
                  blue: UInt8(truncatingIfNeeded: hex))
    }

    public static let white = PlotColor(hex: 0xFFFFFF)
    public static let black = PlotColor(hex: 0x000000)
    public static let clear = PlotColor(red: 0, green: 0, blue: 0, alpha: 0)
    /// Text and axes.
    public static let ink = PlotColor(hex: 0x222222)
    /// Secondary text, reference lines.
    public static let mutedInk = PlotColor(hex: 0x666666)
    /// Frames around plots, legends and colour bars.
    public static let frame = PlotColor(hex: 0x999999)
    /// Grid lines behind data.
    public static let grid = PlotColor(hex: 0xE3E3E3)

    /// The colour `fraction` of the way from `self` to `other` (0 → self, 1 → other), per channel in sRGB.
    public func mixed(with other: PlotColor, fraction: Double) -> PlotColor {
        let t = fraction.isNaN ? 0 : min(1, max(0, fraction))
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
        }
        return PlotColor(red: channel(red, other.red), green: channel(green, other.green),
                         blue: channel(blue, other.blue), alpha: channel(alpha, other.alpha))
    }

    /// `#rrggbb`, lower-case, as SVG and CSS expect (alpha not included).
    public var hexString: String {
        let digits: [Character] = Array("0123456789abcdef")
        var text = "#"
        for byte in [red, green, blue] {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }

    /// Opacity in [0, 1].
    public var opacity: Double { Double(alpha) / 255 }

    /// Relative luminance in [0, 1] (WCAG formula, linearised sRGB); used to pick readable text on a fill.
    public var luminance: Double {
        func linear(_ c: UInt8) -> Double {
            let v = Double(c) / 255
            return v <= 0.039_28 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or white, whichever contrasts more with `self` as a background.
    public var contrastingText: PlotColor {
        // Contrast against white is 1.05 / (L + 0.05), against black (L + 0.05) / 0.05; equal at L ≈ 0.179.
        luminance > 0.179 ? .ink : .white
    }
}
