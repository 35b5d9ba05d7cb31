import IoTData

extension SplitMix64 {
    /// A value in `0..<bound` (`bound` > 0) by Lemire's multiply-shift. The result for a given
    /// state is fixed by this code, not by the standard library's `random(in:)`, so seeded
    /// splits and SMOTE stay reproducible across Swift versions. O(1); bias < bound / 2⁶⁴.
    @inline(__always)
    mutating func nextIndex(below bound: Int) -> Int {
        let product = next().multipliedFullWidth(by: UInt64(bound))
        return Int(product.high)
    }

    /// Fisher–Yates shuffle of `values` in place. O(n).
    mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            let j = nextIndex(below: i + 1)
            if i != j { values.swapAt(i, j) }
        }
    }

    /// A seed derived from `seed` and a salt naming the use (`split`, `smote.3`, …), so
    /// different stages draw independent streams from one user seed. O(salt length).
    static func salted(_ seed: UInt64, _ salt: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in salt.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return seed ^ h
    }

    /// Stream `index` of the salted seed (see `salted`).
    static func stream(seed: UInt64, salt: String, index: UInt64) -> SplitMix64 {
        SplitMix64(seed: salted(seed, salt), stream: index)
    }
}
