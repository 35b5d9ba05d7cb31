/// numpy's pairwise summation (`np.add.reduce` on float64), reproduced exactly so window
/// means and variances match the CIC extractor (pandas) bit for bit.
///
/// n < 8: left to right. n ≤ 128: eight strided accumulators combined as
/// ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the leftover elements in order. Larger: split at
/// half (rounded down to a multiple of 8) and recurse. O(n).
public enum PairwiseSum {
    public static func sum(_ values: UnsafeBufferPointer<Double>) -> Double {
        guard let base = values.baseAddress else { return 0 }
        return sum(base, values.count)
    }

    public static func sum(_ a: UnsafePointer<Double>, _ n: Int) -> Double {
        if n < 8 {
            var result = -0.0
            for i in 0..<n { result += a[i] }
            return n == 0 ? 0 : result
        }
        if n <= 128 {
            var r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7]
            var i = 8
            while i < n - n % 8 {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3]
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7]
                i += 8
            }
            var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n { result += a[i]; i += 1 }
            return result
        }
        var half = n / 2
        half -= half % 8
        return sum(a, half) + sum(a + half, n - half)
    }

    public static func sum(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { sum($0) }
    }
}
