/// A branch-light field scanner that reads 16 bytes at once (SWAR on a `UInt128`).
///
/// The byte-at-a-time loop in `scanField` costs two data-dependent loop exits per field
/// (end of the integer part, end of the fraction), which the branch predictor misses
/// often on CICIoT2023 rows (fields of 3 to 14 characters in no fixed pattern). Here the
/// field's length and its decimal point are found with bit tricks on 16 loaded bytes, the
/// point is squeezed out, the digits are validated together and converted eight at a time
/// (the `parse_eight_digits` multiply trick of fast_float/simdjson, re-derived here), so a
/// field costs about 50 integer operations, three table loads, one multiply and one
/// well-predicted branch; and `0.0,` costs one compare. On one core over 200 MB of
/// `bench/.data/synth-1g.csv` (fields only; medians of 6 interleaved runs on a noisy 2-core
/// VM): the byte loop 121 MB/s; this scanner 187 MB/s with shifts and a divide, 240 MB/s
/// with the tables and the multiply.
extension FloatParser {
    /// Bytes `scanFieldWide` reads from its start (it needs them readable, whatever the
    /// field's length).
    public static let wideReadBytes = 16

    @usableFromInline static let lowBits: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Bit 7 of each byte of the result is set at the first byte of `word` below `limit`
    /// (≤ 128), and possibly at later bytes (a borrow may set them); bytes before the first
    /// hit are clear. (The classic "has a byte less than n" test.)
    @inlinable @inline(__always)
    static func bytesBelow(_ word: UInt64, _ limit: UInt64) -> UInt64 {
        (word &- lowBits &* limit) & ~word & highBits
    }

    /// Index (0…16) of the first byte with bit 7 set in `low` then `high`; 16 when none.
    /// Without a branch: `UInt128.trailingZeroBitCount` branches on `low == 0`, which for field
    /// lengths around 8 is a coin toss the predictor loses.
    @inlinable @inline(__always)
    static func firstMarked(_ low: UInt64, _ high: UInt64) -> Int {
        let lowZeros = low.trailingZeroBitCount   // 64 when none
        let highZeros = high.trailingZeroBitCount
        return (lowZeros &+ (highZeros & (0 &- (lowZeros >> 6)))) >> 3
    }

    /// Converts eight digit values (0…9, one per byte, the first digit in the lowest byte)
    /// to their number: three multiplies instead of eight.
    @inlinable @inline(__always)
    static func eightDigits(_ digits: UInt64) -> UInt64 {
        let pairs = (digits &* 10) &+ (digits >> 8)  // byte 2i: d[2i]·10 + d[2i+1]
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let quads = ((pairs & mask) &* (100 + (1_000_000 << 32))) &+ (((pairs >> 16) & mask) &* (1 + (10_000 << 32)))
        return quads >> 32
    }

    /// Parses the plain field at `p` as `scanField(_:_:powers:)` does (same values, same
    /// end): with `scanFieldWide` when its 16 bytes are readable (`p` before `wideLimit`, i.e.
    /// 15 bytes before the end of what may be read) and it accepts the field, else byte by byte.
    @inlinable @inline(__always)
    public static func scanField(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, wideLimit: UnsafePointer<UInt8>,
                                 tables: WideTables) -> (Float, Kind) {
        if p < wideLimit, let value = scanFieldWide(&p, tables: tables) { return (value, .number) }
        return scanField(&p, end, powers: tables.powers)
    }

    /// Parses a plain `digits[.digits]` field of 1 to 15 characters that starts at `p`,
    /// reading the 16 bytes at `p` (all must be readable: see `wideReadBytes`). On success
    /// advances `p` to the delimiter (`,`, `\n` or `\r`, which must follow within those 16
    /// bytes) and returns the value, correctly rounded as `scanField` does; otherwise leaves
    /// `p` alone and returns `nil` (a sign, an exponent, a special value, an empty or long
    /// field, any other byte), and the caller takes `scanField`. O(1).
    @inlinable @inline(__always)
    public static func scanFieldWide(_ p: inout UnsafePointer<UInt8>, tables: WideTables) -> Float? {
        let raw = UnsafeRawPointer(p)
        // "0.0," is 43 % of CICIoT2023's numeric fields: one compare.
        if raw.loadUnaligned(as: UInt32.self) == UInt32(littleEndian: 0x2C30_2E30) {
            p += 3
            return 0
        }
        let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        // Field length: the first byte below "-" (delimiters, but also space, quote, plus…).
        let length = firstMarked(bytesBelow(low, 45), bytesBelow(high, 45))  // 16 when none
        let delimiter = p[length & 15]
        // The first ".", if inside the field (else `point == length`).
        let dotsLow = low ^ (lowBits &* 0x2E), dotsHigh = high ^ (lowBits &* 0x2E)
        let point = min(firstMarked(bytesBelow(dotsLow, 1), bytesBelow(dotsHigh, 1)), length)
        let hasPoint = point < length ? 1 : 0
        let digitCount = length - hasPoint
        // The field's bytes, the point squeezed out, "0" taken off each digit.
        let word = UInt128(high) << 64 | UInt128(low)
        let fieldMask = tables.byteMasks[length]
        let field = word & fieldMask
        let beforePoint = tables.byteMasks[point]
        let squeezed = (field & beforePoint) | ((field >> 8) & ~beforePoint)
        let zeros = UInt128(lowBits &* 0x30) << 64 | UInt128(lowBits &* 0x30)
        let digitMask = tables.byteMasks[digitCount]
        let digits = squeezed ^ (zeros & digitMask)
        // Every digit byte must now be 0…9 (bytes past the digits are 0).
        let digitsLow = UInt64(truncatingIfNeeded: digits), digitsHigh = UInt64(truncatingIfNeeded: digits >> 64)
        let invalid = ((digitsLow | (digitsLow &+ lowBits &* 0x76)) | (digitsHigh | (digitsHigh &+ lowBits &* 0x76))) & highBits
        guard length < 16, digitCount > 0, invalid == 0, delimiter == 44 || delimiter == 10 || delimiter == 13 else { return nil }
        // Sixteen digits with leading zeros: the first eight in the low half.
        let padded = digits << ((16 - digitCount) << 3)
        let mantissa = eightDigits(UInt64(truncatingIfNeeded: padded)) &* 100_000_000
            &+ eightDigits(UInt64(truncatingIfNeeded: padded >> 64))
        p += length
        let scale = length - point - hasPoint
        // A multiply by 10^-scale (rounded) instead of a divide by 10^scale: the product is
        // within 2 ulp of the quotient, so both round to the same `Float` unless the product
        // sits next to a midpoint between two floats (its low 29 bits near 2^28); then divide.
        let product = Double(mantissa) * tables.inversePowers[scale]
        let dropped = Int(truncatingIfNeeded: product.bitPattern & 0x1FFF_FFFF) - 0x1000_0000
        if dropped > -8, dropped < 8 { return Float(Double(mantissa) / tables.powers[scale]) }
        return Float(product)
    }

    /// Constant tables for `scanFieldWide`, allocated once for the process's life (a table
    /// lookup is a plain load where a variable 128-bit shift was eight instructions, and a
    /// `static let` array would cost an initialisation check per call).
    public struct WideTables: @unchecked Sendable {
        /// 10^n, n in 0…22.
        public let powers: UnsafePointer<Double>
        /// 10^-n rounded to `Double`, n in 0…22.
        public let inversePowers: UnsafePointer<Double>
        /// The low n bytes set, n in 0…16.
        public let byteMasks: UnsafePointer<UInt128>

        public static let shared = WideTables()

        private init() {
            let powers = UnsafeMutablePointer<Double>.allocate(capacity: 23)
            let inverse = UnsafeMutablePointer<Double>.allocate(capacity: 23)
            for n in 0...22 {
                powers[n] = FloatParser.powerOfTen(n)
                inverse[n] = 1 / FloatParser.powerOfTen(n)
            }
            let masks = UnsafeMutablePointer<UInt128>.allocate(capacity: 17)
            for n in 0...16 { masks[n] = n == 16 ? ~0 : (1 << (n * 8)) - 1 }
            self.powers = UnsafePointer(powers)
            inversePowers = UnsafePointer(inverse)
            byteMasks = UnsafePointer(masks)
        }
    }
}
