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
    ///
    /// The values are made canonical eight at a time with vector compares into a stack
    /// buffer first (branch-free; a scalar `canonicalBits` per value was most of this
    /// function's instructions), then folded pairwise in order: the same hash either way.
    @inline(__always)
    public static func hash(_ values: UnsafePointer<Float>, count: Int, label: LabelCode) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(count)
        let lanes = 8
        let vectorCount = count / lanes * lanes
        withUnsafeTemporaryAllocation(of: SIMD8<UInt32>.self, capacity: max(1, vectorCount / lanes)) { buffer in
            guard let canonical = buffer.baseAddress else { return }
            let raw = UnsafeRawPointer(values)
            for v in 0..<(vectorCount / lanes) {
                let x = raw.loadUnaligned(fromByteOffset: v * lanes * 4, as: SIMD8<Float>.self)
                let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
                canonical[v] = bits.replacing(with: 0, where: x .== 0).replacing(with: 0x7fc0_0000, where: x .!= x)
            }
            // Eight 32-bit values are four pairs, low value first: one UInt64 per pair.
            UnsafeRawPointer(canonical).withMemoryRebound(to: UInt64.self, capacity: vectorCount / 2) { pairs in
                for k in 0..<(vectorCount / 2) { h = combine(h, UInt64(littleEndian: pairs[k])) }
            }
        }
        var i = vectorCount
        while i + 1 < count {
            h = combine(h, canonicalBits(values[i]) | (canonicalBits(values[i + 1]) << 32))
            i += 2
        }
        if i < count { h = combine(h, canonicalBits(values[i])) }
        h = combine(h, UInt64(label.fine) | (UInt64(label.family) << 8) | (1 << 16))
        return finalize(h)
    }
}
