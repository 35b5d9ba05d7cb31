import Foundation

/// Parses decimal numbers straight from bytes, without creating a `String` per field.
///
/// Accepts `[+-]digits[.digits][(e|E)[+-]digits]`, `inf`/`infinity`/`nan` in any case with an
/// optional sign, and the empty field. Results are correctly rounded to `Double` whenever
/// the significand has at most 19 digits and the decimal exponent is within ±22 (every value
/// in CICIoT2023); other inputs fall back to `strtod`. The `Float` result is the `Double`
/// rounded once more. O(field length).
public enum FloatParser {
    /// What a field held.
    public enum Kind: UInt8, Sendable {
        case number, empty, nan, positiveInfinity, negativeInfinity, invalid
    }

    /// 10^n for n in 0...22, all exactly representable as `Double` (a switch compiles to a
    /// constant table; a `static let` array would cost a lazy-initialisation check per call).
    @inlinable @inline(__always)
    static func powerOfTen(_ n: Int) -> Double {
        switch n {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Parses a plain field that starts at `p` and ends at a `,`, `\n`, `\r` or `end`,
    /// advancing `p` to that delimiter. The fast path covers `[-]digits[.digits]` with at most
    /// 19 digits; anything else goes through `parse(_:_:)`. `powers`: 10^0 … 10^22
    /// (`WideTables.powers`). The usual entry is `scanField(_:_:wideLimit:tables:)`, which
    /// tries the 16-byte scanner first.
    @inlinable @inline(__always)
    public static func scanField(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, powers: UnsafePointer<Double>) -> (Float, Kind) {
        let start = p
        var q = p
        var negative = false
        if q < end, q.pointee == 45 { negative = true; q += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = 0
        while q < end {
            let d = q.pointee &- 48
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            digits += 1
            q += 1
        }
        if q < end, q.pointee == 46 {
            q += 1
            let fractionStart = q
            while q < end {
                let d = q.pointee &- 48
                if d > 9 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                q += 1
            }
            fraction = q - fractionStart
            digits += fraction
        }
        if digits > 0, digits <= 19, fraction <= 22, q == end || q.pointee == 44 || q.pointee == 10 || q.pointee == 13 {
            p = q
            var value = Double(mantissa) / powers[fraction]
            if negative { value = -value }
            return (Float(value), .number)
        }
        return scanFieldSlowly(&p, start: start, from: q, end)
    }

    /// The slow path of `scanField`: find the delimiter, then parse the whole field.
    @usableFromInline @inline(never)
    static func scanFieldSlowly(_ p: inout UnsafePointer<UInt8>, start: UnsafePointer<UInt8>, from: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (Float, Kind) {
        var q = from
        while q < end {
            let c = q.pointee
            if c == 44 || c == 10 || c == 13 { break }
            q += 1
        }
        p = q
        return parseFloat(start, q)
    }

    /// Parses the bytes `[start, end)` (the whole field, already unquoted).
    @inlinable
    public static func parse(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (Double, Kind) {
        var p = start
        var stop = end
        while p < stop, p.pointee == 0x20 || p.pointee == 0x09 { p += 1 }
        while stop > p, (stop - 1).pointee == 0x20 || (stop - 1).pointee == 0x09 { stop -= 1 }
        if p == stop { return (.nan, .empty) }
        var negative = false
        if p.pointee == UInt8(ascii: "-") { negative = true; p += 1 } else if p.pointee == UInt8(ascii: "+") { p += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var dropped = 0
        var truncated = false
        var anyDigit = false
        while p < stop {
            let d = p.pointee &- 48
            if d > 9 { break }
            anyDigit = true
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                if mantissa != 0 { digits += 1 }
            } else {
                dropped += 1
                truncated = true
            }
            p += 1
        }
        var fractionDigits = 0
        if p < stop, p.pointee == UInt8(ascii: ".") {
            p += 1
            while p < stop {
                let d = p.pointee &- 48
                if d > 9 { break }
                anyDigit = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { digits += 1 }
                    fractionDigits += 1
                } else {
                    truncated = true
                }
                p += 1
            }
        }
        if !anyDigit { return special(p, stop, negative: negative) }
        var exponent = 0
        if p < stop, p.pointee | 0x20 == UInt8(ascii: "e") {
            p += 1
            var negativeExponent = false
            if p < stop, p.pointee == UInt8(ascii: "-") { negativeExponent = true; p += 1 } else if p < stop, p.pointee == UInt8(ascii: "+") { p += 1 }
            var anyExponentDigit = false
            while p < stop {
                let d = p.pointee &- 48
                if d > 9 { break }
                anyExponentDigit = true
                if exponent < 100_000 { exponent = exponent * 10 + Int(d) }
                p += 1
            }
            if !anyExponentDigit { return (.nan, .invalid) }
            if negativeExponent { exponent = -exponent }
        }
        if p != stop { return (.nan, .invalid) }
        let scale = exponent - fractionDigits + dropped
        var value: Double
        if mantissa == 0 {
            value = 0
        } else if !truncated, mantissa < (1 << 53), scale >= -22, scale <= 22 {
            value = Double(mantissa)
            if scale < 0 { value /= powerOfTen(-scale) } else { value *= powerOfTen(scale) }
        } else {
            value = slowParse(start, end)
            return (value, .number)
        }
        return (negative ? -value : value, .number)
    }

    /// The `Float` value of a field; `.nan` for empty and invalid fields (see `Kind`).
    @inlinable
    public static func parseFloat(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (Float, Kind) {
        let (value, kind) = parse(start, end)
        return (Float(value), kind)
    }

    @usableFromInline
    static func special(_ p: UnsafePointer<UInt8>, _ stop: UnsafePointer<UInt8>, negative: Bool) -> (Double, Kind) {
        let length = stop - p
        func matches(_ word: StaticString) -> Bool {
            guard length == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for i in 0..<length where p[i] | 0x20 != w[i] { return false }
            return true
        }
        if matches("inf") || matches("infinity") {
            return negative ? (-.infinity, .negativeInfinity) : (.infinity, .positiveInfinity)
        }
        if matches("nan") { return (.nan, .nan) }
        return (.nan, .invalid)
    }

    @usableFromInline
    static func slowParse(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for i in 0..<length { buffer[i] = CChar(bitPattern: start[i]) }
            buffer[length] = 0
            guard let base = buffer.baseAddress else { return .nan }
            return strtod(base, nil)
        }
    }
}
