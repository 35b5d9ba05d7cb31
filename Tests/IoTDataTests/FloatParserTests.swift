import Foundation
import Testing
@testable import IoTData

@Suite("Float parser")
struct FloatParserTests {
    func parse(_ text: String) -> (Double, FloatParser.Kind) {
        var copy = text
        return copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return FloatParser.parse(UnsafePointer(bitPattern: 1)!, UnsafePointer(bitPattern: 1)!) }
            return FloatParser.parse(base, base + buffer.count)
        }
    }

    @Test func ordinaryNumbers() {
        #expect(parse("206.84216").0 == 206.84216)
        #expect(parse("0.0050487043").0 == 0.0050487043)
        #expect(parse("-12").0 == -12)
        #expect(parse("+3.5").0 == 3.5)
        #expect(parse("1e3").0 == 1000)
        #expect(parse("2.5E-3").0 == 0.0025)
        #expect(parse(" 7 ").0 == 7)
        #expect(parse("64.51778393934842").0 == 64.51778393934842)
        #expect(parse("4162.544444444445").0 == 4162.544444444445)
        #expect(parse("123456789012345678901234567890").0 == 123456789012345678901234567890.0)
        #expect(parse("1e300").0 == 1e300)
    }

    @Test func specialValues() {
        #expect(parse("").1 == .empty)
        #expect(parse("nan").1 == .nan)
        #expect(parse("NaN").1 == .nan)
        #expect(parse("inf").1 == .positiveInfinity)
        #expect(parse("Infinity").1 == .positiveInfinity)
        #expect(parse("-inf").1 == .negativeInfinity)
        #expect(parse("-inf").0 == -.infinity)
    }

    @Test func invalidText() {
        for text in ["abc", "1.2.3", "12a", "1e", "--1", "0x10", "\u{FEFF}1", "1,2"] {
            #expect(parse(text).1 == .invalid, "\(text)")
        }
    }

    /// Property: for random doubles, parsing their shortest text gives the same double
    /// (what `Double(String)` gives, a second implementation).
    @Test func agreesWithFoundationOnRandomValues() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let magnitude = Double.random(in: -8...8, using: &generator)
            let value = (Bool.random(using: &generator) ? 1 : -1) * Double.random(in: 1..<10, using: &generator) * pow(10, magnitude.rounded())
            for text in [String(value), String(Float(value)), String(format: "%.6f", value), String(format: "%.3e", value)] {
                let (parsed, kind) = parse(text)
                #expect(kind == .number)
                #expect(parsed == Double(text), "\(text)")
            }
        }
    }
}
