import CFieldScan
import Foundation
import Testing
@testable import IoTData

/// The C vector scanner (`iot_scan_plain_fields`) against the Swift parsers: the same `Float`
/// bits wherever it answers, and it stops exactly at the first field it leaves to them.
@Suite struct VectorFieldScanTests {
    /// Runs the scanner over `fields` joined by commas (padded so 64 bytes are readable after
    /// every field start): the values it parsed and the offset of the field it stopped at.
    func scan(_ fields: [String]) -> (values: [Float], stop: Int) {
        let text = fields.joined(separator: ",") + ",\n"
        let bytes = Array(text.utf8) + [UInt8](repeating: 0x7C, count: 64)  // "|": not part of any field
        var out = [Float](repeating: .nan, count: fields.count)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return ([], 0) }
            var stop: UnsafePointer<UInt8>? = base
            let done = out.withUnsafeMutableBufferPointer { values in
                iot_scan_plain_fields(base, base + text.utf8.count, fields.count, values.baseAddress, &stop)
            }
            return (Array(out.prefix(done)), (stop ?? base) - base)
        }
    }

    /// What the scanner is meant to take: `digits[.digits]`, 1 to 15 characters.
    func isPlain(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let digits = bytes.filter { $0 >= 48 && $0 <= 57 }.count
        let points = bytes.filter { $0 == 46 }.count
        return bytes.count <= 15 && digits > 0 && points <= 1 && digits + points == bytes.count
    }

    func expectedValue(_ text: String) -> Float {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> Float in
            guard let base = buffer.baseAddress else { return .nan }
            return Float(FloatParser.parseFloat(base, base + buffer.count).0)
        }
    }

    /// Property: over rows of random fields (plain decimals of every length, zeros, and now and
    /// then a field it must leave: a sign, an exponent, an empty or long field, text), every
    /// value it gives has the general parser's bits, and it stops at the first non-plain field.
    @Test func agreesWithGeneralParserAndStopsAtTheFirstOtherField() throws {
        try #require(iot_scan_plain_fields_available() != 0, "no AVX2 on this CPU: nothing to compare")
        var generator = SplitMix64(seed: 23)
        let others = ["", "-1.5", "+2", "1e3", "1.2.3", ".", "nan", "inf", "12a", "1 ", "\"1\"", "1234567890123456",
                      "0.1234567890123456", "Infinity", "\u{00E9}1"]
        var stopsChecked = 0
        var valuesChecked = 0
        for _ in 0..<20_000 {
            var fields: [String] = []
            for _ in 0..<Int.random(in: 1...60, using: &generator) {
                switch Int.random(in: 0..<100, using: &generator) {
                case 0..<40: fields.append("0.0")
                case 40..<42: fields.append(others.randomElement(using: &generator) ?? "")
                case 42..<60:
                    let integer = UInt64.random(in: 0..<(1 << 40), using: &generator) >> UInt64.random(in: 0...40, using: &generator)
                    fields.append("\(integer)")
                default:
                    let integer = UInt64.random(in: 0..<(1 << 40), using: &generator) >> UInt64.random(in: 0...40, using: &generator)
                    let fraction = UInt64.random(in: 0..<(1 << 50), using: &generator) >> UInt64.random(in: 0...50, using: &generator)
                    fields.append(Bool.random(using: &generator) ? "\(integer).\(fraction)" : ".\(fraction)")
                }
            }
            let (values, stop) = scan(fields)
            let firstOther = fields.firstIndex { !isPlain($0) } ?? fields.count
            #expect(values.count == firstOther, "\(fields.prefix(firstOther + 1))")
            for (index, value) in values.enumerated() {
                #expect(value.bitPattern == expectedValue(fields[index]).bitPattern, "\(fields[index])")
                valuesChecked += 1
            }
            let expectedStop = fields.prefix(values.count).reduce(0) { $0 + $1.utf8.count + 1 }
            #expect(stop == expectedStop)
            if firstOther < fields.count { stopsChecked += 1 }
        }
        #expect(valuesChecked > 100_000)
        #expect(stopsChecked > 1_000)
    }

    /// It reads 64 bytes from a start at or before its limit, and starts no read after it.
    @Test func respectsItsReadLimit() throws {
        try #require(iot_scan_plain_fields_available() != 0, "no AVX2 on this CPU: nothing to compare")
        let bytes = Array("1.5,2.25,3,".utf8) + [UInt8](repeating: 0, count: 64)
        var out = [Float](repeating: 0, count: 3)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var stop: UnsafePointer<UInt8>? = nil
            // The limit at the first field's start: one 64-byte read there holds all three.
            let three = out.withUnsafeMutableBufferPointer { iot_scan_plain_fields(base, base, 3, $0.baseAddress, &stop) }
            #expect(three == 3)
            #expect(out == [1.5, 2.25, 3])
            #expect(stop == base + 11)
            // One byte past the limit: no read, nothing parsed.
            let none = out.withUnsafeMutableBufferPointer { iot_scan_plain_fields(base + 1, base, 3, $0.baseAddress, &stop) }
            #expect(none == 0)
            #expect(stop == base + 1)
        }
    }

    /// Real rows: the record parser gives the same values with the vector scanner as without it.
    @Test func realRowsParseTheSameWithAndWithoutIt() throws {
        try #require(iot_scan_plain_fields_available() != 0, "no AVX2 on this CPU: nothing to compare")
        var rows = 0
        for path in Fixtures.samples {
            let lines = try Fixtures.lines(of: path, count: 100_000).dropFirst()
            let featureCount = try CSVReader.readHeader(path: path).layout.featureCount
            for line in lines {
                let bytes = Array((line + "\n").utf8) + [UInt8](repeating: 0, count: 64)
                var plain = [Float](repeating: .nan, count: featureCount)
                var vector = [Float](repeating: .nan, count: featureCount)
                bytes.withUnsafeBufferPointer { buffer in
                    guard let base = buffer.baseAddress else { return }
                    let end = base + buffer.count
                    let wideLimit = end - (FloatParser.wideReadBytes - 1)
                    let a = plain.withUnsafeMutableBufferPointer {
                        CSVRecordParser.numericFields(from: base, count: featureCount, into: $0.baseAddress!, wideLimit: wideLimit,
                                                      vectorLimit: nil, end: end, tables: .shared)
                    }
                    let b = vector.withUnsafeMutableBufferPointer {
                        CSVRecordParser.numericFields(from: base, count: featureCount, into: $0.baseAddress!, wideLimit: wideLimit,
                                                      vectorLimit: end - 64, end: end, tables: .shared)
                    }
                    #expect(a == b)
                }
                #expect(plain.map(\.bitPattern) == vector.map(\.bitPattern))
                rows += 1
            }
        }
        #expect(rows > 1_000)
    }
}
