import IoTData

/// Fisher–Yates shuffle driven by `SplitMix64` (the standard library's `shuffle` may change
/// its algorithm between releases; this keeps fits reproducible). O(n).
enum EpochShuffle {
    static func shuffle(_ order: inout [Int], using generator: inout SplitMix64) {
        var i = order.count - 1
        while i > 0 {
            // Lemire's multiply-high maps a 64-bit draw onto 0...i without modulo bias worth noting.
            let j = Int(generator.next().multipliedFullWidth(by: UInt64(i + 1)).high)
            order.swapAt(i, j)
            i -= 1
        }
    }
}
