/// A 64-bit hash of one dataset row (its feature values and label), for exact-duplicate
/// detection.
///
/// `0.0` and `-0.0` hash alike, as do all NaNs, so rows equal as numbers hash equal. With
/// 46.7 M rows the chance of any false duplicate is about 6 × 10⁻⁵ (birthday bound for 64
/// bits); `RowHashSet` relies on this. O(feature count).
public enum RowHash {
    @inline(__always)
    static func canonicalBits(_ value: Float) -> UInt64 {
        if value == 0 { return 0 }
        if value.isNaN { return 0x7fc0_0000 }
        return UInt64(value.bitPattern)
    }

    @inline(__always)
    static func combine(_ h: UInt64, _ v: UInt64) -> UInt64 {
        let rotated = (h << 27) | (h >> 37)
        return (rotated ^ v) &* 0x9E37_79B9_7F4A_7C15
    }

    @inline(__always)
    static func finalize(_ h: UInt64) -> UInt64 {
        var x = h
        x ^= x >> 33
        x = x &* 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x = x &* 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }

    /// Hash of `count` features at `values` together with the label code.
    @inline(__always)
    public static func hash(_ values: UnsafePointer<Float>, count: Int, label: LabelCode) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(count)
        var i = 0
        while i + 1 < count {
            h = combine(h, canonicalBits(values[i]) | (canonicalBits(values[i + 1]) << 32))
            i += 2
        }
        if i < count { h = combine(h, canonicalBits(values[i])) }
        h = combine(h, UInt64(label.fine) | (UInt64(label.family) << 8) | (1 << 16))
        return finalize(h)
    }
}
