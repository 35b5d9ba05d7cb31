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

    /// `scanFieldWide` on `text` followed by `tail` (padded so 16 bytes are readable): the
    /// value and the bytes consumed, or `nil` when it declines.
    func scanWide(_ text: String, tail: String = ",") -> (Float, Int)? {
        let bytes = Array((text + tail).utf8) + [UInt8](repeating: 0, count: FloatParser.wideReadBytes)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var p = base
            guard let value = FloatParser.scanFieldWide(&p, tables: .shared) else { return nil }
            return (value, p - base)
        }
    }

    /// Property: wherever the wide scanner answers, it gives the same `Float` bits and the same
    /// field end as `parseFloat` (the general parser, a second implementation) — over every
    /// numeric field of both real samples and 200 k random plain decimals.
    @Test func wideScannerAgreesWithGeneralParser() throws {
        var fields: [String] = []
        for path in Fixtures.samples {
            for line in try Fixtures.lines(of: path, count: 100_000).dropFirst() {
                fields.append(contentsOf: line.split(separator: ",").dropLast(2).map(String.init))
            }
        }
        let realFields = fields.count
        var generator = SplitMix64(seed: 11)
        for _ in 0..<200_000 {
            let integer = UInt64.random(in: 0..<(1 << 40), using: &generator) >> UInt64.random(in: 0...40, using: &generator)
            let fraction = UInt64.random(in: 0..<(1 << 50), using: &generator) >> UInt64.random(in: 0...50, using: &generator)
            fields.append(Bool.random(using: &generator) ? "\(integer).\(fraction)" : "\(integer)")
            fields.append(String(Float(bitPattern: UInt32.random(in: 0x3000_0000...0x4F00_0000, using: &generator))))
        }
        var answered = 0
        var answeredReal = 0
        for (index, text) in fields.enumerated() {
            let (expected, kind) = parse(text)
            guard let (value, consumed) = scanWide(text) else {
                // Declined: only for what the byte loop is there for.
                #expect(kind != .number || text.utf8.count >= 16 || text.contains("e") || text.hasPrefix("-") || text.hasPrefix("+"), "\(text)")
                continue
            }
            answered += 1
            if index < realFields { answeredReal += 1 }
            #expect(kind == .number, "\(text)")
            #expect(value.bitPattern == Float(expected).bitPattern, "\(text): \(value) vs \(Float(expected))")
            #expect(consumed == text.utf8.count, "\(text)")
        }
        #expect(answeredReal > realFields * 99 / 100)  // the fast path is the usual path on real rows
        #expect(answered > fields.count / 2)
    }

    /// The wide scanner declines anything that is not a plain decimal ending in `,`, `\n` or
    /// `\r`, and never reads its delimiter's neighbours as part of the field.
    @Test func wideScannerDeclinesWhatItDoesNotParse() {
        for text in ["", "-1.5", "+2", "1e3", "1.2.3", ".", "nan", "inf", "12a", "1 ", "\"1\"", "0x10", "1234567890123456",
                     "\u{FEFF}1", "١٢", "1\u{00}2"] {
            #expect(scanWide(text) == nil, "\(text.debugDescription)")
        }
        #expect(scanWide("1.5", tail: " ,") == nil)
        #expect(scanWide("1.5", tail: "\"") == nil)
        #expect(scanWide("0.0", tail: ",9.9")?.0 == 0)
        #expect(scanWide("0.0", tail: ",9.9")?.1 == 3)
        #expect(scanWide("7", tail: "\n.5")?.0 == 7)
        #expect(scanWide("206.84216", tail: "\r\n")?.0 == Float(206.84216))
        #expect(scanWide("123456789012345", tail: ",")?.0 == Float(123456789012345.0))
        #expect(scanWide(".5")?.0 == 0.5)
        #expect(scanWide("5.")?.0 == 5)
    }
}
