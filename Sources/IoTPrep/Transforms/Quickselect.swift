/// Order statistics without a full sort.
enum Quickselect {
    /// The median of `values` (NumPy's definition: the mean of the two middle values for an
    /// even count), reordering `values`. `nil` when empty. Expected O(n), worst case O(n²)
    /// (median-of-three pivots make that unlikely on real columns).
    static func median(_ values: inout [Float]) -> Double? {
        let n = values.count
        guard n > 0 else { return nil }
        return values.withUnsafeMutableBufferPointer { buffer -> Double? in
            let upper = select(buffer, n / 2)
            if n % 2 == 1 { return Double(upper) }
            // After selecting n/2, every value left of it is ≤ it: the lower middle is their max.
            var lower = -Float.infinity
            for i in 0..<(n / 2) where buffer[i] > lower { lower = buffer[i] }
            return (Double(lower) + Double(upper)) / 2
        }
    }

    /// Places the `k`-th smallest value at index `k` (values left of it ≤, right of it ≥)
    /// and returns it. Hoare partitioning with a median-of-three pivot.
    static func select(_ a: UnsafeMutableBufferPointer<Float>, _ k: Int) -> Float {
        var low = 0
        var high = a.count - 1
        while high > low {
            let middle = low + (high - low) / 2
            if a[middle] < a[low] { a.swapAt(middle, low) }
            if a[high] < a[low] { a.swapAt(high, low) }
            if a[high] < a[middle] { a.swapAt(high, middle) }
            let pivot = a[middle]
            var i = low
            var j = high
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return a[k]
            }
        }
        return a[k]
    }
}
